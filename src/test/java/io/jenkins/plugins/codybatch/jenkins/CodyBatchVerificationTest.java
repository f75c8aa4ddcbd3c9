package io.jenkins.plugins.codybatch.jenkins;

import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.reply;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.text;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.toolUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.util.FormValidation;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHubServer;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verifyCommand through the step's runner: mocked Jenkins objects, the REAL engine (EngineWiring) in the
 * per-repository callable, real git repositories, real check processes, and a MockWebServer answering like the
 * Anthropic Messages API that scripts the model's repair.
 */
class CodyBatchVerificationTest {

    static final String TODO_CHECK = "if grep -n TODO Hello.java; then echo 'FAIL: Hello.java still has a TODO';"
            + " exit 1; fi; echo 'BUILD OK'";

    @TempDir
    Path root;

    private final MockWebServer anthropic = new MockWebServer();
    private Fixtures.Build build;
    private CodyBatchGlobalConfiguration global;
    private Path workspace;

    @BeforeEach
    void setUp() throws Exception {
        anthropic.start();
        build = new Fixtures.Build(root.resolve("artifacts"));
        global = Fixtures.globalFor(anthropic);
        workspace = Files.createDirectories(root.resolve("workspace"));
    }

    @AfterEach
    void tearDown() throws Exception {
        anthropic.close();
        assertThat(build.log()).doesNotContain(Fixtures.API_KEY).doesNotContain(Fixtures.GITHUB_TOKEN);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/.git/")).toList()) {
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(Fixtures.API_KEY).doesNotContain(Fixtures.GITHUB_TOKEN);
            }
        }
    }

    BatchReport run(BatchOptions options, EnvVars env) throws Exception {
        return run(options, env, Fixtures.credentials());
    }

    BatchReport run(BatchOptions options, EnvVars env, CredentialsResolver credentials) throws Exception {
        return new CodyBatchRunner(global, EngineWiring.processorFactory(), EngineWiring.repositoryResolver(),
                credentials, () -> null, Fixtures.RUNNER).run(options, build.run, new FilePath(workspace.toFile()), env,
                null, build.listener, null);
    }

    JsonNode result(String dir) throws Exception {
        return Json.MAPPER.readTree(workspace.resolve("cody-batch/repos/" + dir + "/result.json").toFile());
    }

    @Test
    void aCheckThatFailsUntilTheModelRepairsEndsCompletedAndTheBuildPageKnowsIt() throws Exception {
        Path greeter = repository("greeter");
        anthropic.enqueue(reply("tool_use", 1000, 50, toolUse("toolu_1", "command", "str_replace", "path",
                "Hello.java", "old_str", "\"hi\"", "new_str", "\"hello\" /* TODO tidy */")));
        anthropic.enqueue(reply("end_turn", 1100, 20, text("Done.")));
        anthropic.enqueue(reply("tool_use", 1200, 40, toolUse("toolu_2", "command", "str_replace", "path",
                "Hello.java", "old_str", " /* TODO tidy */", "new_str", "")));
        anthropic.enqueue(reply("end_turn", 1300, 30, text("Removed the TODO.")));
        BatchOptions options = new BatchOptions("Make greet() return hello.");
        options.setRepositories(List.of(greeter.toString()));
        options.setVerifyCommand(TODO_CHECK);

        BatchReport report = run(options, new EnvVars());

        assertThat(report.result()).isEqualTo(Result.SUCCESS);
        assertThat(report.summary().count(RepoStatus.COMPLETED)).isEqualTo(1);
        JsonNode verification = result("greeter").path("verification");
        assertThat(verification.path("passed").asBoolean()).isTrue();
        assertThat(verification.path("attempts").asInt()).isEqualTo(2);
        assertThat(verification.path("output_tail").asText()).isEqualTo("BUILD OK");
        assertThat(verification.path("repair_iterations").asInt()).isEqualTo(2);
        assertThat(verification.path("repair_usage").path("input_tokens").asLong()).isEqualTo(1200 + 1300);
        assertThat(build.log()).containsPattern("greeter: COMPLETED \\(1 file changed, 4,740 tokens, \\$0\\.\\d{4}\\)"
                + " check passed \\(2 runs\\) \\[1/1\\]");
        assertThat(build.archivedPaths()).contains("cody-batch/repos/greeter/result.json",
                "cody-batch/repos/greeter/patch.diff", "cody-batch/repos/greeter/transcript.jsonl");
        assertThat(Files.readString(workspace.resolve("cody-batch/repos/greeter/patch.diff")))
                .contains("+  String greet() { return \"hello\"; }").doesNotContain("TODO");

        JsonNode page = Json.MAPPER.readTree(PageRequest.summary(build.action()).body());
        JsonNode check = page.path("repositories").get(0).path("result").path("verification");
        assertThat(check.path("command").asText()).isEqualTo(TODO_CHECK);
        assertThat(check.path("passed").asBoolean()).isTrue();
        assertThat(check.path("attempts").asInt()).isEqualTo(2);
        assertThat(check.path("exit_code").asInt()).isZero();

        for (int i = 0; i < 2; i++) {
            anthropic.takeRequest(5, TimeUnit.SECONDS);
        }
        JsonNode third = Json.MAPPER.readTree(anthropic.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        JsonNode messages = third.path("messages");
        assertThat(messages.get(messages.size() - 1).path("content").get(0).path("text").asText())
                .contains("`" + TODO_CHECK + "`", "exited with code 1", "FAIL: Hello.java still has a TODO");
    }

    @Test
    void aCheckThatNeverPassesFailsWithoutAPullRequestMasksTheKeyAndSeesNoSecretInItsEnvironment() throws Exception {
        Path greeter = repository("greeter");
        Path dump = root.resolve("check-env.txt");
        anthropic.enqueue(reply("tool_use", 1000, 50, toolUse("toolu_1", "command", "str_replace", "path",
                "Hello.java", "old_str", "\"hi\"", "new_str", "\"hello\"")));
        anthropic.enqueue(reply("end_turn", 1100, 20, text("Done.")));
        String command = "env > '" + dump + "'; printf 'ERROR: rejected key %s%s\\n' '"
                + Fixtures.API_KEY.substring(0, 9) + "' '" + Fixtures.API_KEY.substring(9) + "'; exit 1";
        try (FakeGitHubServer gitHub = new FakeGitHubServer()) {
            gitHub.addRepo("acme/greeter", greeter.toUri().toString());
            global.setGitHubApiUrl(gitHub.apiUrl());
            global.setGithubCredentialsId("github");
            CredentialsResolver.Lookup lookup = mock(CredentialsResolver.Lookup.class);
            doReturn(Fixtures.secretText("anthropic", Fixtures.API_KEY)).when(lookup).find(eq("anthropic"), any(), any());
            doReturn(Fixtures.secretText("github", gitHub.validToken())).when(lookup).find(eq("github"), any(), any());
            BatchOptions options = new BatchOptions("Make greet() return hello.");
            options.setRepositories(List.of("acme/greeter"));
            options.setCreatePullRequests(true);
            options.setVerifyCommand(command);
            options.setVerifyAttempts(0);
            // the build's variables, one of them a credential bound with withCredentials
            EnvVars env = new EnvVars(Map.of("JOB_NAME", "nightly", "BUILD_URL", "https://ci.example/job/nightly/7/",
                    "GH_TOKEN", gitHub.validToken(), "PUBLISH_WITH", gitHub.validToken()));

            BatchReport report = run(options, env, new CredentialsResolver(lookup));

            assertThat(report.result()).isEqualTo(Result.FAILURE);
            JsonNode result = result("acme__greeter");
            assertThat(result.path("status").asText()).isEqualTo("FAILED");
            assertThat(result.path("error").asText()).startsWith("Verification failed: `" + command + "` exited with"
                    + " code 1 (1 run). First failing lines: ERROR: rejected key ****").endsWith("no pull request was"
                    + " opened.");
            assertThat(result.path("verification").path("output_tail").asText()).isEqualTo("ERROR: rejected key ****");
            assertThat(Files.readString(workspace.resolve("cody-batch/repos/acme__greeter/transcript.jsonl")))
                    .contains("ERROR: rejected key ****");
            assertThat(build.log()).contains("acme/greeter: FAILED - Verification failed", "ERROR: rejected key ****",
                    "check failed (1 run)");
            assertThat(workspace.resolve("cody-batch/repos/acme__greeter/patch.diff")).isRegularFile();
            assertThat(gitHub.pullRequestCount()).isZero();

            String environment = Files.readString(dump);
            assertThat(environment).doesNotContain(Fixtures.API_KEY).doesNotContain(gitHub.validToken())
                    .doesNotContain("GH_TOKEN=").doesNotContain("PUBLISH_WITH=");
            assertThat(environment).contains("JOB_NAME=nightly", "BUILD_URL=https://ci.example/job/nightly/7/", "PATH=");
        }
    }

    @Test
    void aCheckThatHangsIsKilledWithItsProcessTreeAtTheTimeout() throws Exception {
        Path greeter = repository("greeter");
        Path pidFile = root.resolve("grandchild.pid");
        anthropic.enqueue(reply("tool_use", 1000, 50, toolUse("toolu_1", "command", "str_replace", "path",
                "Hello.java", "old_str", "\"hi\"", "new_str", "\"hello\"")));
        anthropic.enqueue(reply("end_turn", 1100, 20, text("Done.")));
        BatchOptions options = new BatchOptions("Make greet() return hello.");
        options.setRepositories(List.of(greeter.toString()));
        options.setVerifyCommand("sleep 600 & echo $! > '" + pidFile + "'; wait");
        options.setVerifyTimeout("2s");
        options.setVerifyAttempts(0);

        run(options, new EnvVars());

        JsonNode result = result("greeter");
        assertThat(result.path("status").asText()).isEqualTo("FAILED");
        assertThat(result.path("error").asText()).contains("did not finish within 2s and was killed");
        assertThat(result.path("verification").path("timed_out").asBoolean()).isTrue();
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void verifyOptionsThatCannotWorkStopTheBuildBeforeAnythingRuns() throws Exception {
        BatchOptions options = new BatchOptions("Summarize the build.");
        options.setRepositories(List.of("acme/a"));
        options.setType("analysis");
        options.setVerifyCommand("make test");
        options.setVerifyAttempts(11);
        options.setVerifyTimeout("soon");

        assertThatThrownBy(() -> run(options, new EnvVars())).isInstanceOf(AbortException.class)
                .hasMessageContaining("verifyAttempts must be between 0 (check only, no repair) and 10, was 11.")
                .hasMessageContaining("verifyTimeout must look like 90s, 30m or 2h, was 'soon'.")
                .hasMessageContaining("verifyCommand checks changes, and analysis jobs make none");

        BatchOptions draftOnly = new BatchOptions("Fix it.");
        draftOnly.setRepositories(List.of("acme/a"));
        draftOnly.setVerifyCommand("make test");
        draftOnly.setVerifyDraftOnFailure(true);
        assertThatThrownBy(() -> run(draftOnly, new EnvVars())).isInstanceOf(AbortException.class)
                .hasMessageContaining("verifyDraftOnFailure opens draft pull requests; add createPullRequests.");
        assertThat(anthropic.getRequestCount()).isZero();
    }

    @Test
    void theFormsCheckTheVerifyFieldsAsTheyAreTyped() {
        CodyBatchStep.DescriptorImpl step = new CodyBatchStep.DescriptorImpl();
        CodyBatchBuilder.DescriptorImpl builder = new CodyBatchBuilder.DescriptorImpl();

        assertThat(step.doCheckVerifyCommand("mvn -B -q verify").kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(step.doCheckVerifyCommand("mvn -B -q verify").getMessage()).contains("repository's own code");
        assertThat(builder.doCheckVerifyCommand("").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckVerifyAttempts("two").getMessage()).isEqualTo("verifyAttempts must be a whole number,"
                + " was 'two'.");
        assertThat(builder.doCheckVerifyAttempts("-1").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(builder.doCheckVerifyAttempts("3").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(step.doCheckVerifyTimeout("5 minutes").getMessage()).isEqualTo("verifyTimeout must look like 90s,"
                + " 30m or 2h, was '5 minutes'.");
        assertThat(builder.doCheckVerifyTimeout("15m").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(builder.doCheckVerifyTimeout("").kind).isEqualTo(FormValidation.Kind.OK);
    }

    private Path repository(String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve("repos").resolve(name));
        Files.writeString(dir.resolve("Hello.java"), "class Hello {\n  String greet() { return \"hi\"; }\n}\n");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Test", "test@example.com");
            git.commit().setMessage("initial").setAuthor(author).setCommitter(author).setSign(false).call();
        }
        return dir;
    }
}
