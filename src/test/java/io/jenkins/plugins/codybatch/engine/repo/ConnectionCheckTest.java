package io.jenkins.plugins.codybatch.engine.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.repo.github.ConnectionCheck;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.repo.github.TokenAuth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionCheckTest {

    final MockWebServer server = new MockWebServer();
    final FakeGitHub gitHub = new FakeGitHub();

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(gitHub);
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    GitHubClient client(String token) {
        FakeTime time = new FakeTime();
        return new GitHubClient(server.url("/api/v3").toString(), new TokenAuth(token), new OkHttpClient(), time, time,
                Duration.ofMinutes(1));
    }

    @Test
    void reportsLoginScopesAndRateLimit() throws Exception {
        GitHubClient client = new GitHubClient(server.url("/").toString(), new TokenAuth(gitHub.validToken), new OkHttpClient());

        ConnectionCheck check = client.checkConnection();

        assertThat(check).isEqualTo(new ConnectionCheck("cody-bot", List.of("repo", "read:org"), 4990, 5000,
                Instant.ofEpochSecond(1700000000)));
        assertThat(check.summary()).isEqualTo("Connected as cody-bot, scopes: repo, read:org; rate limit 4990/5000"
                + " (resets 2023-11-14T22:13:20Z)");
    }

    @Test
    void apiUrlPrefixIsKeptForGitHubEnterprise() throws Exception {
        assertThat(client(gitHub.validToken).checkConnection().login()).isEqualTo("cody-bot");

        assertThat(gitHub.calls).extracting(FakeGitHub.Call::path).containsExactly("/api/v3/rate_limit", "/api/v3/user");
    }

    @Test
    void appInstallationTokenHasNoUserAndNoScopes() throws Exception {
        gitHub.failPaths.put("GET /user", "403 {\"message\":\"Resource not accessible by integration\","
                + "\"documentation_url\":\"https://docs.github.com/rest/users/users#get-the-authenticated-user\",\"status\":\"403\"}");

        ConnectionCheck check = client(gitHub.validToken).checkConnection();

        assertThat(check.login()).isNull();
        assertThat(check.scopes()).isEmpty();
        assertThat(check.rateLimitRemaining()).isEqualTo(4990);
    }

    @Test
    void badTokenFailsTheCheckWithoutShowingIt() {
        assertThatThrownBy(() -> new GitHubClient(server.url("/").toString(), new TokenAuth("ghp_wrong000"), new OkHttpClient())
                .checkConnection())
                .hasMessageContaining("GitHub rejected the credentials (401 Bad credentials) while checking the connection")
                .message().doesNotContain("ghp_wrong000");
    }
}
