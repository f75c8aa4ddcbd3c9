package io.jenkins.plugins.codybatch.engine.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.repo.github.GitHubAppAuth;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GitHub App auth against the fake GitHub, which verifies the JWT's RS256 signature with the App's public key. */
class GitHubAppAuthTest {

    final MockWebServer server = new MockWebServer();
    final FakeGitHub gitHub = new FakeGitHub();
    final FakeTime time = new FakeTime();
    KeyPair keys;

    @BeforeEach
    void setUp() throws Exception {
        keys = newKeyPair();
        gitHub.appKey = keys.getPublic();
        gitHub.clock = time;
        gitHub.validToken = "no token issued yet";
        gitHub.addRepo("acme/widgets", "file:///x", true);
        server.setDispatcher(gitHub);
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** PKCS#1 as GitHub hands it out: the RSAPrivateKey inside Java's PKCS#8 encoding (after 26 header bytes). */
    byte[] pkcs1() {
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        return Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    }

    GitHubAppAuth auth(String pem) throws Exception {
        return new GitHubAppAuth("12345", pem, 777, server.url("/").toString(), new OkHttpClient(), time);
    }

    @Test
    void exchangesASignedJwtForAnInstallationTokenAndRefreshesItBeforeExpiry() throws Exception {
        GitHubAppAuth auth = auth(pem("RSA PRIVATE KEY", pkcs1()));
        GitHubClient client = new GitHubClient(server.url("/").toString(), auth, new OkHttpClient(), time, time, Duration.ofMinutes(1));

        assertThat(client.api().getRepository("acme/widgets").getFullName()).isEqualTo("acme/widgets");
        assertThat(client.api().getRepository("acme/widgets").getFullName()).isEqualTo("acme/widgets");
        assertThat(gitHub.issuedTokens).isEqualTo(1);
        assertThat(gitHub.calls("GET", "/app/installations/777")).hasSize(1); // github-api's App API looks it up first
        assertThat(gitHub.calls("POST", "/app/installations/777/access_tokens")).hasSize(1);
        assertThat(gitHub.calls("GET", "/repos/acme/widgets").get(1).authorization()).isEqualTo("Bearer ghs_installationToken1");

        time.advance(Duration.ofMinutes(56)); // the token lives 60 minutes and is refreshed 5 minutes early
        assertThat(client.api().getRepository("acme/widgets").getFullName()).isEqualTo("acme/widgets");
        assertThat(gitHub.issuedTokens).isEqualTo(2);
        assertThat(gitHub.calls("GET", "/repos/acme/widgets").get(2).authorization()).isEqualTo("Bearer ghs_installationToken2");
        assertThat(auth.describe()).doesNotContain("ghs_");
    }

    @Test
    void acceptsPkcs8Keys() throws Exception {
        assertThat(auth(pem("PRIVATE KEY", keys.getPrivate().getEncoded())).token()).isEqualTo("ghs_installationToken1");
    }

    @Test
    void wrongKeyIsRefusedWithAnActionableMessage() throws Exception {
        gitHub.appKey = newKeyPair().getPublic();

        assertThatThrownBy(() -> auth(pem("RSA PRIVATE KEY", pkcs1())).token()).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("Could not get an installation token for GitHub App 12345 (installation 777) (HTTP 401")
                .hasMessageContaining("Check the App id, the private key");
    }

    @Test
    void failedTokenExchangeReachesTheUserThroughApiCalls() throws Exception {
        gitHub.installationId = "778";
        GitHubClient client = new GitHubClient(server.url("/").toString(), auth(pem("RSA PRIVATE KEY", pkcs1())),
                new OkHttpClient(), time, time, Duration.ofMinutes(1));

        assertThatThrownBy(() -> new GitRepositoryService(client, Allowlist.allowAll(), RepositorySettings.defaults())
                .resolve("acme/widgets"))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("Could not get an installation token for GitHub App 12345 (installation 777) (HTTP 404")
                .hasMessageContaining("Check the installation id");
        assertThat(gitHub.calls("GET", "/repos/")).isEmpty();
    }

    @Test
    void unreadableKeyIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> auth("-----BEGIN RSA PRIVATE KEY-----\nbm90LWEta2V5\n-----END RSA PRIVATE KEY-----"))
                .hasMessage("The GitHub App private key could not be read. Paste the whole .pem file GitHub generated,"
                        + " including the BEGIN/END lines.");
    }
}
