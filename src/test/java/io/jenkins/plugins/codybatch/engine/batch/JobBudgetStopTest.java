package io.jenkins.plugins.codybatch.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's budget in the batch runner when the conversations run elsewhere (as on Jenkins nodes), so that no live
 * meter reaches the runner: it is counted from what the finished repositories spent, and the batch stops starting
 * repositories once that reaches it (the CLI's live meter is tested end to end in JobBudgetTest).
 */
class JobBudgetStopTest {

    @TempDir
    Path tmp;

    @Test
    void withoutALiveMeterTheFinishedRepositoriesSpendDecides() throws Exception {
        LocalBatch batch = new LocalBatch(tmp);
        List<String> specs = batch.repositories(4);
        ScriptedAgent agent = new ScriptedAgent(task -> new AgentOutcome(AgentOutcome.Ending.DONE, "done", 3,
                new Usage(400, 100, 0, 0), 0.6, null));
        List<String> stops = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void batchStopped(String reason) {
                stops.add(reason);
            }
        };
        BatchJob job = LocalBatch.job(specs, 1).withBudget(new JobBudget(0, 1.0));

        BatchSummary summary = batch.runner(agent, java.time.Duration.ofMinutes(5), listener).run(job);

        String spent = "the job's budget of $1.00 (--max-job-cost) is spent: $1.2000 so far";
        assertThat(stops).containsExactly(spent);
        assertThat(summary.stopped()).isEqualTo(spent);
        Map<String, RepoResult> results = LocalBatch.byRepository(summary);
        assertThat(results.get("repo-1").status()).isEqualTo(RepoStatus.NO_CHANGES);
        assertThat(results.get("repo-2").status()).isEqualTo(RepoStatus.NO_CHANGES);
        for (String name : List.of("repo-3", "repo-4")) {
            assertThat(results.get(name).status()).isEqualTo(RepoStatus.FAILED);
            assertThat(results.get(name).batchError()).isEqualTo(RepoResult.JOB_BUDGET_SPENT);
            assertThat(results.get(name).error()).startsWith("Not started: " + spent);
        }
        assertThat(agent.repositoriesRun).hasSize(2);
        assertThat(summary.cost()).isEqualTo(1.2);
    }

    @Test
    void aTokenBudgetNamesTokensAndAJobWithoutABudgetRunsEverything() throws Exception {
        LocalBatch batch = new LocalBatch(tmp);
        List<String> specs = batch.repositories(3);
        ScriptedAgent agent = new ScriptedAgent(task -> new AgentOutcome(AgentOutcome.Ending.DONE, "done", 1,
                new Usage(900, 100, 0, 0), 0.01, null));

        BatchSummary limited = batch.runner(agent).run(LocalBatch.job(specs, 1).withBudget(new JobBudget(1500, 0)));
        assertThat(limited.stopped()).isEqualTo("the job's budget of 1,500 tokens (--max-job-tokens) is spent: 2,000"
                + " so far");
        assertThat(limited.count(RepoStatus.FAILED)).isEqualTo(1);

        LocalBatch again = new LocalBatch(tmp.resolve("again"));
        BatchSummary free = again.runner(agent).run(LocalBatch.job(again.repositories(3), 1));
        assertThat(free.stopped()).isNull();
        assertThat(free.job().budget()).isNull();
        assertThat(free.count(RepoStatus.NO_CHANGES)).isEqualTo(3);
    }
}
