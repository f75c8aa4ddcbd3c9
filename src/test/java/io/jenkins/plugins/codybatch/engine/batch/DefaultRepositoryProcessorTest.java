package io.jenkins.plugins.codybatch.engine.batch;

import static io.jenkins.plugins.codybatch.engine.batch.LocalBatch.job;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.repo.PullRequestRequest;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How one repository's work ends (status, files, pull request), through the batch runner as the CLI runs it. */
class DefaultRepositoryProcessorTest {

    @TempDir
    Path tmp;

    private LocalBatch batch;

    @BeforeEach
    void setUp() {
        batch = new LocalBatch(tmp);
    }

    @Test
    void analysisJobsWriteTheAnswerAndNoPatchOrPullRequest() throws Exception {
        List<String> specs = batch.repositories(1);
        ScriptedAgent agent = new ScriptedAgent(task -> ScriptedAgent.done("## Findings\nUses oldApi in src/App.java."));

        BatchSummary summary = batch.runner(agent).run(job(JobType.ANALYSIS, specs, 1, PullRequestOptions.defaults()));

        Path dir = batch.out.resolve("repos/repo-1");
        RepoResult result = summary.repositories().get(0).result();
        assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(result.outputs()).isEqualTo(new RepoResult.Outputs(null, "transcript.jsonl", "report.md"));
        assertThat(Files.readString(dir.resolve("report.md"))).isEqualTo("## Findings\nUses oldApi in src/App.java.");
        assertThat(dir.resolve("patch.diff")).doesNotExist();
        assertThat(batch.git.published).isEmpty();
        assertThat(ResultFiles.readResult(dir).summary()).contains("Uses oldApi");
    }

    @Test
    void anExhaustedBudgetFailsButKeepsThePatchAndOpensNoPullRequest() throws Exception {
        List<String> specs = batch.repositories(1);
        ScriptedAgent agent = new ScriptedAgent(task -> {
            Files.writeString(task.checkout().resolve("src/App.java"), "class App { void newApi() {} }\n");
            return new AgentOutcome(AgentOutcome.Ending.BUDGET_EXHAUSTED, "", 30, new Usage(9000, 900, 0, 0), 0.5,
                    "30 iterations reached");
        });

        BatchSummary summary = batch.runner(agent).run(job(JobType.CODE_PATTERN_UPDATE, specs, 1,
                PullRequestOptions.defaults()));

        RepoResult result = summary.repositories().get(0).result();
        assertThat(result.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(result.error()).contains("Budget exhausted: 30 iterations reached");
        assertThat(result.filesChanged()).containsExactly("src/App.java");
        assertThat(result.iterations()).isEqualTo(30);
        assertThat(result.outputs().patch()).isEqualTo("patch.diff");
        assertThat(Files.readString(batch.out.resolve("repos/repo-1/patch.diff")))
                .contains("+class App { void newApi() {} }");
        assertThat(batch.git.published).isEmpty();
    }

    @Test
    void withoutPushRightsThePatchIsKeptAndTheResultSaysWhy() throws Exception {
        LocalGitRepositoryService readOnly = new LocalGitRepositoryService(false);
        Path origin = LocalGitRepositoryService.createRepository(tmp.resolve("origin"), "app");
        readOnly.alias("acme/app", origin);
        DefaultRepositoryProcessor processor = new DefaultRepositoryProcessor(
                new ScriptedAgent(ScriptedAgent::editReadme), readOnly, AllowlistCheck.allowAll(), Clock.systemUTC());
        Path out = tmp.resolve("out/repos/acme__app");

        RepoResult result = processor.process(job(JobType.CODE_PATTERN_UPDATE, List.of("acme/app"), 1,
                PullRequestOptions.defaults()), "acme/app", Files.createDirectories(tmp.resolve("w")), out);

        assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(result.error()).startsWith("No pull request: the GitHub token may not push to acme/app");
        assertThat(result.pullRequest()).isNull();
        assertThat(out.resolve("patch.diff")).isNotEmptyFile();
        assertThat(readOnly.published).isEmpty();
    }

    @Test
    void aPullRequestWarningIsKeptInResultJsonAndTheSummary() throws Exception {
        List<String> specs = batch.repositories(1);
        batch.git.publishWarning = "Label 'automated' was refused (403); add it by hand or give the token triage rights.";

        BatchSummary summary = batch.runner(new ScriptedAgent(ScriptedAgent::editReadme))
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, PullRequestOptions.defaults()));

        RepoResult result = summary.repositories().get(0).result();
        assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(result.pullRequest().warning()).isEqualTo(batch.git.publishWarning);
        JsonNode json = Json.MAPPER.readTree(batch.out.resolve(summary.repositories().get(0).directory())
                .resolve(ResultFiles.RESULT).toFile());
        assertThat(json.path("pull_request").path("warning").asText()).isEqualTo(batch.git.publishWarning);
        assertThat(batch.summaryOnDisk().repositories().get(0).result().pullRequest().warning())
                .isEqualTo(batch.git.publishWarning);
    }

    @Test
    void pullRequestsCarryTheJobSummaryFilesTokensCostAndBuildLink() throws Exception {
        List<String> specs = batch.repositories(1);
        PullRequestOptions prs = new PullRequestOptions("cody/rename", null, true, List.of("automated"), List.of(),
                List.of(), false, "https://ci.example/job/rename/7/");

        BatchSummary summary = batch.runner(new ScriptedAgent(ScriptedAgent::editReadme))
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, prs));

        assertThat(summary.repositories().get(0).result().pullRequest().action()).isEqualTo("created");
        PullRequestRequest request = batch.git.published.get(0);
        assertThat(request.summary()).isEqualTo("Updated the README.");
        assertThat(request.branch()).isEqualTo("cody/rename");
        assertThat(request.draft()).isTrue();
        assertThat(request.labels()).containsExactly("automated");
        // the job, files and build link are written once, by the repository service (PullRequestText)
        assertThat(request.jobName()).isEqualTo("rename-api");
        assertThat(request.body()).isEqualTo("Model usage: 1,500 tokens (1,000 input, 200 output, 0 cache write,"
                + " 300 cache read), $0.0125");
        assertThat(request.buildUrl()).isEqualTo("https://ci.example/job/rename/7/");
        // The branch really holds the change.
        String log = LocalGitRepositoryService.git(Path.of(specs.get(0)), "show", "cody/rename", "--", "README.md");
        assertThat(log).contains("+# changed by the model");
    }

    @Test
    void aFailingRepositoryServiceKeepsTheUsageAlreadySpent() throws Exception {
        List<String> specs = batch.repositories(1);
        LocalGitRepositoryService broken = new LocalGitRepositoryService(true) {
            @Override
            public io.jenkins.plugins.codybatch.engine.repo.Patch patch(
                    io.jenkins.plugins.codybatch.engine.repo.Checkout checkout) {
                throw new UnsupportedOperationException("diff of a submodule");
            }
        };
        DefaultRepositoryProcessor processor = new DefaultRepositoryProcessor(
                new ScriptedAgent(ScriptedAgent::editReadme), broken, AllowlistCheck.allowAll(), Clock.systemUTC());

        RepoResult result = processor.process(job(JobType.CODE_PATTERN_UPDATE, specs, 1, null), specs.get(0),
                Files.createDirectories(tmp.resolve("w")), tmp.resolve("out"));

        assertThat(result.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(result.error()).contains("internal error while computing the patch")
                .contains("diff of a submodule");
        assertThat(result.usage().totalTokens()).isEqualTo(1500);
        assertThat(ResultFiles.readResult(tmp.resolve("out"))).isEqualTo(result);
    }
}
