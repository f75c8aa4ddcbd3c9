package io.jenkins.plugins.codybatch.jenkins;

import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.reply;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.text;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.toolUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Job;
import hudson.model.Result;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import io.jenkins.plugins.codybatch.cli.FakeMessageBatches;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHubServer;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step's shared runner over mocked Jenkins objects, with the REAL engine (EngineWiring) working real local
 * git repositories against a MockWebServer that answers like the Anthropic Messages API.
 */
class CodyBatchEndToEndTest {

    @TempDir
    Path root;

    private final MockWebServer anthropic = new MockWebServer();
    private Fixtures.Build build;
    private CodyBatchGlobalConfiguration global;

    @BeforeEach
    void setUp() throws Exception {
        anthropic.start();
        build = new Fixtures.Build(root.resolve("artifacts"));
        global = Fixtures.globalFor(anthropic);
    }

    @AfterEach
    void tearDown() {
        anthropic.close();
    }

    @Test
    void aBatchRunsTheEngineOnLocalRepositoriesAndArchivesItsFiles() throws Exception {
        Path greeter = repository("greeter", "Hello.java", "class Hello {\n    String greet() {\n        return \"hi\";\n    }\n}\n");
        Path docs = repository("docs", "README.md", "# Docs\n");
        Path missing = root.resolve("repos/missing");
        // greeter: one edit, then done (the model echoes the key: it must be masked everywhere)
        anthropic.enqueue(reply("tool_use", 1000, 50, toolUse("toolu_1", "command", "str_replace", "path", "Hello.java",
                "old_str", "\"hi\"", "new_str", "\"hello\"")));
        anthropic.enqueue(reply("end_turn", 1200, 30, text("Changed greet() to say hello. Key: " + Fixtures.API_KEY)));
        // docs: nothing to do
        anthropic.enqueue(reply("end_turn", 800, 20, text("Nothing to change here.")));

        BatchOptions options = new BatchOptions("Make greet() return hello.");
        options.setRepositories(List.of(greeter.toString(), docs.toString(), missing.toString()));
        options.setParallelism(1); // the fake API answers in order
        Path workspace = Files.createDirectories(root.resolve("workspace"));

        BatchReport report = build.run(Fixtures.runner(global, EngineWiring.processorFactory(), () -> null), options,
                workspace);

        // build result: one failed of three
        assertThat(report.result()).isEqualTo(Result.UNSTABLE);
        verify(build.run).setResult(Result.UNSTABLE);
        assertThat(report.summary().count(RepoStatus.COMPLETED)).isEqualTo(1);
        assertThat(report.summary().count(RepoStatus.NO_CHANGES)).isEqualTo(1);
        assertThat(report.summary().count(RepoStatus.FAILED)).isEqualTo(1);

        // archived files, the CLI's layout
        assertThat(build.archivedPaths()).contains("cody-batch/repos/greeter/patch.diff",
                "cody-batch/repos/greeter/transcript.jsonl", "cody-batch/repos/greeter/result.json",
                "cody-batch/repos/docs/result.json", "cody-batch/repos/missing/result.json", "cody-batch/summary.json");
        Path out = workspace.resolve("cody-batch");
        assertThat(Files.readString(out.resolve("repos/greeter/patch.diff")))
                .contains("--- a/Hello.java", "+++ b/Hello.java", "-        return \"hi\";", "+        return \"hello\";");
        assertThat(out.resolve("repos/docs/patch.diff")).doesNotExist();
        JsonNode greeterResult = Json.MAPPER.readTree(out.resolve("repos/greeter/result.json").toFile());
        assertThat(greeterResult.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(Files.readString(greeter.resolve("Hello.java"))).as("the source repository is untouched")
                .contains("\"hi\"");
        assertThat(out.resolve("work")).isEmptyDirectory();

        // the build page serves summary.json as the engine wrote it
        JsonNode summary = Json.MAPPER.readTree(PageRequest.summary(build.action()).body());
        assertThat(Json.MAPPER.readTree(out.resolve("summary.json").toFile())).isEqualTo(summary);
        assertThat(summary.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(summary.path("counts").path("COMPLETED").asInt()).isEqualTo(1);
        assertThat(summary.path("counts").path("NO_CHANGES").asInt()).isEqualTo(1);
        assertThat(summary.path("counts").path("FAILED").asInt()).isEqualTo(1);
        assertThat(summary.path("total_tokens").asLong()).isEqualTo(1000 + 50 + 1200 + 30 + 800 + 20);
        assertThat(summary.path("cost").asDouble()).as("priced as claude-sonnet-4-6").isGreaterThan(0);
        JsonNode failed = summary.path("repositories").get(2);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("result").path("error").asText()).contains("missing");
        assertThat(PageRequest.repo(build.action(), "/greeter/patch.diff").body())
                .isEqualTo(Files.readString(out.resolve("repos/greeter/patch.diff")));

        // the API saw the key, the model and the prompt
        RecordedRequest first = anthropic.takeRequest(5, TimeUnit.SECONDS);
        assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(first.getHeaders().get("x-api-key")).isEqualTo(Fixtures.API_KEY);
        JsonNode body = Json.MAPPER.readTree(first.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(body.toString()).contains("Make greet() return hello.");

        // no secret in the log or any written file
        assertThat(build.log()).contains("greeter: COMPLETED").doesNotContain(Fixtures.API_KEY);
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(Fixtures.API_KEY);
            }
        }
        assertThat(Files.readString(out.resolve("repos/greeter/transcript.jsonl"))).contains("****");
    }

    @Test
    void repositoriesSelectedByOwnerAreFoundThroughGitHubAndWorked() throws Exception {
        Path greeter = repository("greeter", "Hello.java", "class Hello {}\n");
        anthropic.enqueue(reply("end_turn", 100, 10, text("Nothing to change.")));
        try (FakeGitHubServer gitHub = new FakeGitHubServer()) {
            gitHub.addRepo("acme/greeter", greeter.toUri().toString());
            global.setGitHubApiUrl(gitHub.apiUrl());
            global.setGithubCredentialsId("github");
            CredentialsResolver.Lookup lookup = org.mockito.Mockito.mock(CredentialsResolver.Lookup.class);
            org.mockito.Mockito.doReturn(Fixtures.secretText("anthropic", Fixtures.API_KEY)).when(lookup)
                    .find(org.mockito.ArgumentMatchers.eq("anthropic"), org.mockito.ArgumentMatchers.any(),
                            org.mockito.ArgumentMatchers.any());
            org.mockito.Mockito.doReturn(Fixtures.secretText("github", gitHub.validToken())).when(lookup)
                    .find(org.mockito.ArgumentMatchers.eq("github"), org.mockito.ArgumentMatchers.any(),
                            org.mockito.ArgumentMatchers.any());
            BatchOptions options = new BatchOptions("Check the greeting.");
            options.setOwner("acme");
            Path workspace = Files.createDirectories(root.resolve("workspace"));

            BatchReport report = build.run(new CodyBatchRunner(global, EngineWiring.processorFactory(),
                    EngineWiring.repositoryResolver(), new CredentialsResolver(lookup), () -> null, Fixtures.RUNNER),
                    options, workspace);

            RepositoryEntry entry = report.summary().repositories().get(0);
            assertThat(entry.spec()).isEqualTo("acme/greeter");
            assertThat(entry.status()).as(String.valueOf(entry.result().error())).isEqualTo(RepoStatus.NO_CHANGES);
            assertThat(report.result()).isEqualTo(Result.SUCCESS);
            assertThat(build.archivedPaths()).contains("cody-batch/repos/acme__greeter/result.json");
            assertThat(build.log()).doesNotContain(gitHub.validToken(), Fixtures.API_KEY);
        }
    }

    @Test
    void aRefusedKeyStopsTheBatchOnceSaysSoInTheLogAndTheRetryBuildRunsTheRest() throws Exception {
        List<String> specs = List.of(repository("one", "A.md", "a\n").toString(),
                repository("two", "B.md", "b\n").toString(), repository("three", "C.md", "c\n").toString());
        anthropic.enqueue(new MockResponse.Builder().code(401).addHeader("content-type", "application/json")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                        + "\"invalid x-api-key\"}}").build());
        BatchOptions options = new BatchOptions("Check the files.");
        options.setRepositories(specs);
        options.setParallelism(1);
        Job<?, ?> job = Fixtures.job();
        org.mockito.Mockito.doReturn(job).when(build.run).getParent();
        org.mockito.Mockito.doReturn(build.run).when(job).getBuildByNumber(7);
        CodyBatchRunner runner = Fixtures.runner(global, EngineWiring.processorFactory(), () -> null);

        Map<String, Object> map = build.run(runner, options, Files.createDirectories(root.resolve("workspace")))
                .toScriptMap();

        assertThat(anthropic.getRequestCount()).as("the first refusal stops the batch").isEqualTo(1);
        String reason = (String) map.get("stopped");
        assertThat(reason).startsWith("The Claude API rejected the API key (401 authentication_error).")
                .doesNotContain(Fixtures.API_KEY);
        assertThat(map).containsEntry("failed", 3).containsEntry("result", "FAILURE");
        assertThat(build.log().split("Stopped starting repositories", -1)).as("said once").hasSize(2);
        assertThat(build.log()).contains("[cody-batch] Stopped starting repositories: " + reason + " The rest are"
                + " recorded as failed; retry them (Retry failed repositories, or retryFailedFrom) once this is fixed.",
                "(stopped early)");
        CodyBatchAction page = build.action();
        assertThat(page.getStopped()).isEqualTo(reason);
        assertThat(page.getSummary().repositories().get(2).result().error()).isEqualTo("Not started: the batch"
                + " stopped (" + reason + "). Fix that, then use \"Retry failed repositories\" on the build page (or"
                + " retryFailedFrom) to work on it.");
        assertThat(Json.MAPPER.readTree(PageRequest.summary(page).body()).path("stopped").asText()).isEqualTo(reason);

        // the key is fixed; the next build retries build #7
        for (int i = 0; i < 3; i++) {
            anthropic.enqueue(reply("end_turn", 100, 10, text("Nothing to change.")));
        }
        Fixtures.Build retry = new Fixtures.Build(root.resolve("artifacts-8"));
        org.mockito.Mockito.doReturn(job).when(retry.run).getParent();
        BatchOptions retryOptions = new BatchOptions("Check the files.");
        retryOptions.setRetryFailedFrom(7);
        retryOptions.setParallelism(1);

        BatchReport retried = retry.run(runner, retryOptions, Files.createDirectories(root.resolve("workspace-8")));

        assertThat(retried.summary().count(RepoStatus.NO_CHANGES)).isEqualTo(3);
        assertThat(retried.summary().stopped()).isNull();
        assertThat(retried.result()).isEqualTo(Result.SUCCESS);
        assertThat(retry.log()).doesNotContain("Stopped starting repositories");
    }

    @Test
    void aSpentJobBudgetStopsTheConversationsRunningOnTheNodesAtTheirNextTurn() throws Exception {
        // every response costs $0.005925 and a conversation takes two: a budget of $0.007 lets each conversation
        // finish on a meter of its own, but on the job's one meter at most one of them makes its second request
        FakeAnthropic fake = new FakeAnthropic(Fixtures.API_KEY);
        anthropic.setDispatcher(fake);
        BatchOptions options = new BatchOptions("Greet Cody in README.md");
        options.setRepositories(List.of(repository("alpha", "README.md", "Hello from alpha\n").toString(),
                repository("beta", "README.md", "Hello from beta\n").toString(),
                repository("gamma", "README.md", "Hello from gamma\n").toString()));
        options.setParallelism(3);
        options.setMaxJobCost(0.007);
        Path workspace = Files.createDirectories(root.resolve("workspace"));

        BatchReport report = build.run(Fixtures.runner(global, EngineWiring.processorFactory(), () -> null), options,
                workspace);

        int requests = fake.requests("alpha") + fake.requests("beta") + fake.requests("gamma");
        assertThat(requests).as(build.log()).isBetween(2, 4);
        assertThat(report.summary().count(RepoStatus.FAILED)).as(build.log()).isGreaterThanOrEqualTo(2);
        String spent = "the job's budget of $0.007 (maxJobCost) is spent";
        JsonNode summary = Json.MAPPER.readTree(workspace.resolve("cody-batch/summary.json").toFile());
        assertThat(summary.path("stopped").asText()).startsWith(spent);
        summary.path("repositories").forEach(entry -> {
            if (entry.path("status").asText().equals("FAILED")) {
                assertThat(entry.path("result").path("batch_error").asText()).isEqualTo("job_budget_spent");
                assertThat(entry.path("result").path("error").asText()).contains(spent);
            }
        });
        assertThat(build.log()).contains(spent);
    }

    @Test
    void useBatchApiSendsTheTurnsOfAllRepositoriesThroughMessageBatchesAtHalfThePrice() throws Exception {
        FakeMessageBatches batches = new FakeMessageBatches(new FakeAnthropic(Fixtures.API_KEY), Fixtures.API_KEY);
        anthropic.setDispatcher(batches);
        BatchOptions options = new BatchOptions("Greet Cody in README.md");
        options.setRepositories(List.of(repository("one", "README.md", "Hello from one\n").toString(),
                repository("two", "README.md", "Hello from two\n").toString()));
        options.setParallelism(2);
        options.setUseBatchApi(true);
        Path workspace = Files.createDirectories(root.resolve("workspace"));

        BatchReport report = build.run(Fixtures.runner(global, EngineWiring.processorFactory(), () -> null), options,
                workspace);

        assertThat(report.summary().count(RepoStatus.COMPLETED)).as(build.log()).isEqualTo(2);
        assertThat(batches.direct.get()).as("no turn went direct").isZero();
        assertThat(batches.created).isNotEmpty().allSatisfy(batch -> assertThat(batch.requests).hasSize(2));
        JsonNode summary = Json.MAPPER.readTree(workspace.resolve("cody-batch/summary.json").toFile());
        assertThat(summary.path("job").path("use_batch_api").asBoolean()).isTrue();
        assertThat(summary.path("job").path("settings").path("timeout_seconds").asLong())
                .as("the default timeout of a batch-API run").isEqualTo(24 * 3600);
        assertThat(Files.readString(workspace.resolve("cody-batch/repos/one/transcript.jsonl")))
                .contains("\"batch_id\":\"msgbatch_");
    }

    private Path repository(String name, String file, String content) throws Exception {
        Path dir = Files.createDirectories(root.resolve("repos").resolve(name));
        Files.writeString(dir.resolve(file), content);
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Test", "test@example.com");
            git.commit().setMessage("initial").setAuthor(author).setCommitter(author).setSign(false).call();
        }
        return dir;
    }
}
