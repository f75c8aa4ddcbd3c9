package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.Dispatcher;
import org.junit.jupiter.api.Test;

/** What the command line says when the input is wrong or unusual: it names what the user gave, and nothing is lost. */
class CliMessagesTest extends CliTestBase {

    @Test
    void aUrlWithoutSchemeIsAUsageErrorNamingTheFlagOrVariableGiven() throws Exception {
        Path repo = localRepo("app");

        assertOneLineUsageError(cli("doctor", "--api-url", "localhost:8081"), err.toString(),
                "--api-url 'localhost:8081' is not a URL: give it with its scheme");
        assertOneLineUsageError(cli("run", "--api-url", "localhost:8081", "--repo", repo.toString(), "--prompt", "x",
                "--output", tmp.resolve("out").toString()), err.toString(), "--api-url 'localhost:8081' is not a URL");
        env.put("ANTHROPIC_BASE_URL", "localhost:8081");
        assertOneLineUsageError(cli("doctor"), err.toString(), "ANTHROPIC_BASE_URL 'localhost:8081' is not a URL");
        assertThat(err.toString()).doesNotContain("--api-url");
        env.remove("ANTHROPIC_BASE_URL");
        assertOneLineUsageError(cli("doctor", "--github-api-url", "github.example.com/api/v3"), err.toString(),
                "--github-api-url 'github.example.com/api/v3' is not a URL");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void implausiblyShortSecretsAreRefusedInsteadOfMaskingInsideWords() throws Exception {
        Path repo = localRepo("app");
        env.put("GITHUB_TOKEN", "x");

        assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--output", tmp.resolve("out").toString()),
                err.toString(), "GITHUB_TOKEN holds only 1 character(s), too short for a GitHub token");
        env.remove("GITHUB_TOKEN");
        env.put("ANTHROPIC_API_KEY", "abc");
        assertOneLineUsageError(cli("doctor"), err.toString(), "ANTHROPIC_API_KEY holds only 3 character(s)");
    }

    @Test
    void aFolderThatIsNotAGitRepositoryIsSaidToBeOne() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("not-a-repo"));
        Files.writeString(plain.resolve("README.md"), "just files\n");

        int code = run("--repo", plain.toString(), "--prompt", "x", "--output", tmp.resolve("out").toString());

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(json(tmp.resolve("out/repos/not-a-repo/result.json")).path("error").asText())
                .isEqualTo("'" + plain + "' is a folder but not a git repository. Give the folder of a git repository"
                        + " (the one holding .git), or run git init there first.");
        assertThat(anthropic.requests("not-a-repo")).isZero();
    }

    @Test
    void twoRepositoriesOfTheSameNameAreToldApartAndABomInTheReposFileIsIgnored() throws Exception {
        Path first = localRepo("app");
        Path second = Files.createDirectories(tmp.resolve("other"));
        git(second, "clone", "-q", first.toString(), "app");
        Path list = tmp.resolve("repos.txt");
        Files.write(list, ("\uFEFF" + first + "\n" + second.resolve("app") + "\n").getBytes(StandardCharsets.UTF_8));
        Path output = tmp.resolve("out");

        int code = run("--repos-file", list.toString(), "--prompt", "Greet Cody", "--output", output.toString());

        assertThat(code).as(out.toString()).isEqualTo(CodyBatchCli.OK);
        List<String> lines = out.toString().lines().filter(l -> l.startsWith("COMPLETED")).toList();
        assertThat(lines).hasSize(2).anyMatch(l -> l.startsWith("COMPLETED  app  2 files"))
                .anyMatch(l -> l.startsWith("COMPLETED  app (" + second.resolve("app") + ")  2 files"));
        assertThat(json(output.resolve("summary.json")).at("/job/repositories/0").asText()).isEqualTo(first.toString());
        assertThat(output.resolve("repos/app-2/patch.diff")).isRegularFile();
    }

    @Test
    void aRepositoryOnThisMachineGivenAsFileUrlIsNamedByItsLastSegment() {
        assertThat(ResultFiles.directoryName("file:///srv/git/team/tool.git")).isEqualTo("tool");
        assertThat(ResultFiles.directoryName("https://git.example.com/team/tool.git")).isEqualTo("team__tool");
        assertThat(ResultFiles.directoryName("git@github.com:acme/app.git")).isEqualTo("acme__app");
    }

    @Test
    void costsCarryNoFloatingPointNoise() throws Exception {
        Path repo = localRepo("app");
        Path output = tmp.resolve("out");
        assertThat(run("--repo", repo.toString(), "--prompt", "Greet Cody", "--output", output.toString())).isZero();

        for (Path file : List.of(output.resolve("summary.json"), output.resolve("repos/app/result.json"))) {
            assertThat(Files.readString(file)).doesNotContainPattern("\"cost\" : [0-9]+\\.[0-9]{7,}");
        }
    }

    @Test
    void theApiIsReachedThroughHttpsProxyUnlessNoProxyNamesItsHost() throws Exception {
        Path repo = localRepo("app");
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return anthropic.dispatch(request); // a forward proxy that is the API itself
                }
            });
            proxy.start();
            env.put("HTTPS_PROXY", "http://127.0.0.1:" + proxy.getPort());

            int code = cli("run", "--api-url", "http://api.anthropic.invalid/", "--repo", repo.toString(), "--prompt",
                    "Greet Cody", "--output", tmp.resolve("out").toString());

            assertThat(code).as(out + "\n" + err).isZero();
            RecordedRequest first = proxy.takeRequest();
            assertThat(first.getUrl().host()).isEqualTo("api.anthropic.invalid");

            env.put("NO_PROXY", "localhost,.example.com");
            int direct = run("--repo", repo.toString(), "--prompt", "Greet Cody", "--output", tmp.resolve("out2").toString());
            assertThat(direct).as(out + "\n" + err).isZero();
            assertThat(proxy.getRequestCount()).isEqualTo(2); // only the first run's two requests went through it
        }
    }

    @Test
    void theIterationBudgetMessageNamesTheFlagAndClaimsNoPatchThatDoesNotExist() throws Exception {
        Path repo = localRepo("looping");
        anthropic.mode("looping", FakeAnthropic.Mode.ENDLESS_TOOLS);

        int code = run("--repo", repo.toString(), "--prompt", "x", "--max-iterations", "2", "--output",
                tmp.resolve("out").toString());

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        JsonNode result = json(tmp.resolve("out/repos/looping/result.json"));
        assertThat(result.path("error").asText()).isEqualTo("Budget exhausted: Stopped after 2 model requests, the"
                + " iteration budget (--max-iterations); raise it to let the model finish. Nothing was changed yet.");
        assertThat(tmp.resolve("out/repos/looping/patch.diff")).doesNotExist();
    }

    @Test
    void doctorDoesNotRetryANameThatDoesNotResolve() {
        int code = cli("doctor", "--api-url", "http://no-such-host.invalid/", "--output", tmp.resolve("d").toString());

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(out.toString().lines().filter(l -> l.contains("Anthropic API:"))).singleElement().asString()
                .startsWith("FAIL").contains("no-such-host.invalid", "after 1 attempt(s)", "UnknownHostException");
    }

    @Test
    void librariesDoNotWriteTheirLogLinesToTheConsole() {
        CodyBatchCli.quietLibraryLogging();

        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        assertThat(root.getHandlers()).isEmpty(); // nothing prints github-api's INFO lines to stderr
        java.util.logging.Logger.getLogger("org.kohsuke.github.GitHubClient").info("would reach stderr before");
    }

    @Test
    void aRetryOfASummaryNamingAFolderOutsideReposTouchesNothing() throws Exception {
        Path repo = localRepo("app");
        Path output = tmp.resolve("out");
        anthropic.mode("app", FakeAnthropic.Mode.BAD_REQUEST);
        assertThat(run("--repo", repo.toString(), "--prompt", "x", "--output", output.toString())).isEqualTo(1);
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("keep.txt"), "mine");
        Path summary = output.resolve("summary.json");
        Files.writeString(summary, Files.readString(summary).replace("\"repos/app\"", "\"repos/../../victim\""));

        assertOneLineUsageError(cli("run", "--retry-failed", output.toString()), err.toString(),
                "lists a repository folder outside repos/ (repos/../../victim); it cannot be retried");
        assertThat(victim.resolve("keep.txt")).hasContent("mine");
        Files.writeString(summary, Files.readString(summary).replace("\"repos/../../victim\"", "\"repos/app\""));
    }
}
