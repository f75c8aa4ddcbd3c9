package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job-wide budget through the real CLI and engine against the fake Messages API, whose every response costs
 * 1,580 tokens and $0.005925 (claude-sonnet-4-6 prices): once spent, no repository starts, the running ones stop
 * before their next request, the rest are recorded for --retry-failed, and the summary says so.
 */
class JobBudgetTest extends CliTestBase {

    Path alpha;
    Path beta;
    Path gamma;
    Path output;

    @BeforeEach
    void repositories() throws Exception {
        alpha = localRepo("alpha");
        beta = localRepo("beta");
        gamma = localRepo("gamma");
        output = tmp.resolve("out");
    }

    int runAll(String... extra) {
        String[] base = {"--repo", alpha.toString(), "--repo", beta.toString(), "--repo", gamma.toString(),
            "--prompt", "Greet Cody", "--output", output.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    @Test
    void onceTheCostIsSpentNoRepositoryStartsAndARetryWithMoreBudgetFinishesTheRest() throws Exception {
        int code = runAll("--parallel", "1", "--max-job-cost", "0.01");

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.FAILURES);
        String spent = "the job's budget of $0.01 (--max-job-cost) is spent: $0.0119 so far";
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("stopped").asText()).isEqualTo(spent);
        assertThat(summary.path("job").path("budget").path("max_cost").asDouble()).isEqualTo(0.01);
        assertThat(result("alpha").path("status").asText()).isEqualTo("COMPLETED");
        for (String name : new String[] {"beta", "gamma"}) {
            assertThat(result(name).path("status").asText()).isEqualTo("FAILED");
            assertThat(result(name).path("batch_error").asText()).isEqualTo("job_budget_spent");
            assertThat(result(name).path("error").asText()).isEqualTo("Not started: " + spent + ". Raise the budget,"
                    + " then run again with --retry-failed to work on it.");
            assertThat(anthropic.requests(name)).isZero();
        }
        assertThat(out.toString().lines().filter(l -> l.startsWith("STOPPED"))).containsExactly("STOPPED    " + spent);
        assertThat(out.toString()).contains("Stopped early: " + spent,
                "2 failed, 1 completed, 0 no changes, 0 skipped; 3,160 tokens, $0.0119 (stopped early)");

        int retried = run("--retry-failed", output.toString(), "--max-job-cost", "1");

        assertThat(retried).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(result("beta").path("status").asText()).isEqualTo("COMPLETED");
        assertThat(result("gamma").path("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(output.resolve("summary.json")).path("job").path("budget").path("max_cost").asDouble())
                .isEqualTo(1.0);
        assertThat(json(output.resolve("summary.json")).has("stopped")).isFalse();
    }

    @Test
    void theRunningConversationsStopBeforeTheirNextRequest() throws Exception {
        // less than one response: whichever answer comes first spends it, and nobody makes a second request
        int code = runAll("--parallel", "2", "--max-job-cost", "0.005");

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(anthropic.requests("alpha")).isLessThanOrEqualTo(1);
        assertThat(anthropic.requests("beta")).isLessThanOrEqualTo(1);
        assertThat(anthropic.requests("alpha") + anthropic.requests("beta")).isPositive();
        for (String name : new String[] {"alpha", "beta"}) {
            JsonNode result = result(name);
            assertThat(result.path("status").asText()).isEqualTo("FAILED");
            assertThat(result.path("batch_error").asText()).isEqualTo("job_budget_spent");
            assertThat(result.path("error").asText()).startsWith("Budget exhausted: Stopped before model request ")
                    .contains("the job's budget of $0.005 (--max-job-cost) is spent");
            assertThat(result.path("iterations").asInt()).isEqualTo(anthropic.requests(name));
        }
        assertThat(result("gamma").path("error").asText()).startsWith("Not started: the job's budget of $0.005");
        assertThat(anthropic.requests("gamma")).isZero();
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("stopped").asText()).startsWith("the job's budget of $0.005 (--max-job-cost) is spent");
        assertThat(summary.path("cost").asDouble()).isEqualTo(0.005925 * (anthropic.requests("alpha")
                + anthropic.requests("beta")), org.assertj.core.data.Offset.offset(0.000002));
    }

    @Test
    void aTokenBudgetStopsTheJobTheSameWay() throws Exception {
        int code = runAll("--parallel", "1", "--max-job-tokens", "2000");

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(json(output.resolve("summary.json")).path("stopped").asText())
                .isEqualTo("the job's budget of 2,000 tokens (--max-job-tokens) is spent: 3,160 so far");
        assertThat(anthropic.requests("beta") + anthropic.requests("gamma")).isZero();
    }

    @Test
    void aBadBudgetIsAOneLineErrorNamingTheFlag() {
        assertOneLineUsageError(runAll("--max-job-cost", "-1"), err.toString(), "--max-job-cost must be 0 or more,"
                + " was -1");
        assertOneLineUsageError(runAll("--max-job-tokens", "lots"), err.toString(), "--max-job-tokens");
        assertThat(anthropicServer.getRequestCount()).isZero();
    }

    private JsonNode result(String name) throws Exception {
        return json(output.resolve("repos/" + name + "/result.json"));
    }
}
