package io.jenkins.plugins.codybatch.engine.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.repo.github.TokenAuth;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepositorySelectorTest {

    final MockWebServer server = new MockWebServer();
    final FakeGitHub gitHub = new FakeGitHub();
    RepositorySelector selector;

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(gitHub);
        server.start();
        FakeTime time = new FakeTime();
        selector = new RepositorySelector(new GitHubClient(server.url("/").toString(), new TokenAuth(gitHub.validToken),
                new OkHttpClient(), time, time, Duration.ofMinutes(1)));
        gitHub.ownerTypes.put("acme", "Organization");
        gitHub.ownerTypes.put("jane", "User");
        gitHub.addRepo("acme/service-a", "file:///x", true).putArray("topics").add("java").add("backend");
        gitHub.addRepo("acme/service-b", "file:///x", true).putArray("topics").add("java");
        gitHub.addRepo("acme/service-old", "file:///x", true).put("archived", true).putArray("topics").add("java");
        gitHub.addRepo("acme/service-fork", "file:///x", true).put("fork", true).putArray("topics").add("java");
        gitHub.addRepo("acme/website", "file:///x", true).putArray("topics").add("web");
        gitHub.addRepo("jane/dotfiles", "file:///x", true);
        gitHub.trees.put("acme/service-a", List.of("pom.xml", "src/main/java/A.java"));
        gitHub.trees.put("acme/service-b", List.of("build.gradle", "sub/module/pom.xml"));
        gitHub.trees.put("acme/website", List.of("index.html"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void allRepositoriesOfAnOrganizationAcrossPagesWithoutArchivedAndForks() throws Exception {
        List<String> selected = selector.select(RepositorySelection.allOf("acme"));

        assertThat(selected).containsExactly("acme/service-a", "acme/service-b", "acme/website");
        assertThat(gitHub.calls("GET", "/orgs/acme/repos")).hasSize(3); // 5 repositories, 2 per page
    }

    @Test
    void archivedAndForksCanBeIncluded() throws Exception {
        assertThat(selector.select(new RepositorySelection("acme", null, null, true, true, null))).hasSize(5);
    }

    @Test
    void filtersByTopicNameGlobAndContainedFile() throws Exception {
        assertThat(selector.select(new RepositorySelection("acme", "java", null, false, false, null)))
                .containsExactly("acme/service-a", "acme/service-b");
        assertThat(selector.select(new RepositorySelection("acme", null, "web*", false, false, null)))
                .containsExactly("acme/website");
        assertThat(selector.select(new RepositorySelection("acme", null, null, false, false, "pom.xml")))
                .containsExactly("acme/service-a", "acme/service-b");
        assertThat(selector.select(new RepositorySelection("acme", null, null, false, false, "src/main/java/*.java")))
                .containsExactly("acme/service-a");
        assertThat(gitHub.calls("GET", "/repos/acme/service-a/git/trees/main").get(0).query()).isEqualTo("recursive=1");
    }

    @Test
    void userAccountsAreListedThroughTheUsersEndpoint() throws Exception {
        assertThat(selector.select(RepositorySelection.allOf("jane"))).containsExactly("jane/dotfiles");
        assertThat(gitHub.calls("GET", "/users/jane/repos")).hasSize(1);
    }

    @Test
    void unknownOwnerSaysWhatToCheck() {
        assertThatThrownBy(() -> selector.select(RepositorySelection.allOf("nobody")))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("Not found or no access (404) while looking up the owner nobody");
    }
}
