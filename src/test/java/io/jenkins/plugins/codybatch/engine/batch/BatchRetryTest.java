package io.jenkins.plugins.codybatch.engine.batch;

import static io.jenkins.plugins.codybatch.engine.batch.LocalBatch.byRepository;
import static io.jenkins.plugins.codybatch.engine.batch.LocalBatch.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running the failed repositories of an earlier run again, in the same output folder (--retry-failed). */
class BatchRetryTest {

    @TempDir
    Path tmp;

    private LocalBatch batch;

    @BeforeEach
    void setUp() {
        batch = new LocalBatch(tmp);
    }

    private static AgentOutcome overloaded(io.jenkins.plugins.codybatch.engine.agent.AgentTask task) throws Exception {
        Files.writeString(task.checkout().resolve("README.md"), "# half done\n");
        return new AgentOutcome(AgentOutcome.Ending.FAILED, "", 1, new Usage(5, 5, 0, 0), 0.001, "overloaded (529)");
    }

    @Test
    void retryRedoesOnlyTheFailedRepositoriesAndNeverOpensAPullRequestTwice() throws Exception {
        List<String> specs = batch.repositories(3);
        ScriptedAgent first = new ScriptedAgent(task -> task.repository().equals("repo-2") ? overloaded(task)
                : ScriptedAgent.editReadme(task));
        BatchSummary before = batch.runner(first).run(job(JobType.CODE_PATTERN_UPDATE, specs, 2,
                PullRequestOptions.defaults()));
        assertThat(before.count(RepoStatus.FAILED)).isEqualTo(1);
        assertThat(batch.git.published).hasSize(2);

        ScriptedAgent second = new ScriptedAgent(ScriptedAgent::editReadme);
        BatchSummary previous = batch.summaryOnDisk();
        BatchSummary after = batch.runner(second).retry(previous, previous.job());

        assertThat(second.repositoriesRun).containsExactly("repo-2");
        assertThat(batch.git.published).hasSize(3);
        assertThat(after.attempt()).isEqualTo(2);
        assertThat(after.count(RepoStatus.COMPLETED)).isEqualTo(3);
        assertThat(after.pullRequests()).isEqualTo(3);
        assertThat(byRepository(after).get("repo-1")).isEqualTo(byRepository(before).get("repo-1"));
        assertThat(ResultFiles.readResult(batch.out.resolve("repos/repo-2")).status()).isEqualTo(RepoStatus.COMPLETED);
    }

    @Test
    void eachRetryKeepsTheEarlierAttemptsInResultJsonAndTheirFilesUnderAttempts() throws Exception {
        List<String> specs = batch.repositories(2);
        Path repo2 = batch.out.resolve("repos/repo-2");
        ScriptedAgent failing = new ScriptedAgent(task -> task.repository().equals("repo-2") ? overloaded(task)
                : ScriptedAgent.editReadme(task));
        batch.runner(failing).run(job(specs, 1));
        String firstPatch = Files.readString(repo2.resolve("patch.diff"));

        BatchSummary second = batch.runner(failing).retry(batch.summaryOnDisk(), batch.summaryOnDisk().job());
        RepoResult afterSecond = byRepository(second).get("repo-2");
        assertThat(afterSecond.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(afterSecond.previousAttempts()).singleElement().satisfies(earlier -> {
            assertThat(earlier.attempt()).isEqualTo(1);
            assertThat(earlier.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(earlier.error()).isEqualTo("overloaded (529)");
            assertThat(earlier.usage()).isEqualTo(new Usage(5, 5, 0, 0));
            assertThat(earlier.folder()).isEqualTo("attempts/1");
        });
        assertThat(repo2.resolve("attempts/1/patch.diff")).hasContent(firstPatch);
        assertThat(repo2.resolve("attempts/1/transcript.jsonl")).isRegularFile();
        assertThat(ResultFiles.readResult(repo2.resolve("attempts/1")).error()).isEqualTo("overloaded (529)");

        ScriptedAgent fixed = new ScriptedAgent(ScriptedAgent::editReadme);
        BatchSummary third = batch.runner(fixed).retry(batch.summaryOnDisk(), batch.summaryOnDisk().job());

        assertThat(fixed.repositoriesRun).containsExactly("repo-2");
        assertThat(third.attempt()).isEqualTo(3);
        RepoResult last = ResultFiles.readResult(repo2);
        assertThat(last.status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(last.previousAttempts()).extracting(RepoResult.EarlierAttempt::attempt, RepoResult.EarlierAttempt::folder)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "attempts/1"),
                        org.assertj.core.groups.Tuple.tuple(2, "attempts/2"));
        assertThat(repo2.resolve("attempts/1/result.json")).isRegularFile();
        assertThat(ResultFiles.readResult(repo2.resolve("attempts/2")).previousAttempts()).hasSize(1);
        assertThat(Files.readString(repo2.resolve("patch.diff"))).contains("+# changed by the model");
        // what the earlier attempts spent still counts
        assertThat(last.totalUsage()).isEqualTo(new Usage(1010, 210, 0, 300));
        assertThat(third.usage()).isEqualTo(new Usage(2010, 410, 0, 600));
        assertThat(third.cost()).isEqualTo(0.027);
        assertThat(batch.summaryOnDisk().repositories()).isEqualTo(third.repositories());
    }

    @Test
    void aRetryRunsWithTheSettingsItIsGiven() throws Exception {
        List<String> specs = batch.repositories(2);
        ScriptedAgent failing = new ScriptedAgent(task -> new AgentOutcome(AgentOutcome.Ending.FAILED, "", 1,
                Usage.ZERO, 0, "overloaded (529)"));
        batch.runner(failing).run(job(specs, 1));
        BatchSummary previous = batch.summaryOnDisk();
        BatchJob changed = previous.job().with("claude-other", 0, previous.job().limits(), 4, null);

        BatchSummary after = batch.runner(new ScriptedAgent(ScriptedAgent::editReadme)).retry(previous, changed);

        assertThat(after.count(RepoStatus.COMPLETED)).isEqualTo(2);
        assertThat(batch.summaryOnDisk().job().parallelism()).isEqualTo(4);
        assertThat(batch.summaryOnDisk().job().model()).isEqualTo("claude-other");
        assertThat(batch.summaryOnDisk().job().prompt()).isEqualTo(previous.job().prompt());
    }

    @Test
    void aRetryOfAFolderWithoutSummarySaysWhatToGive() {
        assertThatThrownBy(() -> ResultFiles.readSummary(tmp))
                .hasMessageContaining("holds no summary.json")
                .hasMessageContaining("output folder of an earlier Cody Batch run");
    }
}
