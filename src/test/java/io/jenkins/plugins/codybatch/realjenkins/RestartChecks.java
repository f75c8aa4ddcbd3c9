package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Restarts while a step runs: a safe restart waits for the batch; a plain restart ends it FAILED with a message, its
 * page final and retryable, and the retry cleans up the checkouts the restart cut off.
 */
final class RestartChecks {

    static final String JOB = "pipeline-restart";

    private RestartChecks() {}

    static void run(Smoke smoke) throws Exception {
        List<String> slow = smoke.local.stream().filter(r -> r.contains("slow")).toList();
        String script = PipelineChecks.script(slow, ", parallelism: 2").replaceFirst("^node \\{", "node('built-in') {");
        smoke.tally.check("safe restart while a step runs: Jenkins waits for the batch, which completes; the page is"
                + " final after the restart", () -> {
            smoke.admin.pipelineJob(JOB, script, true);
            int number = smoke.admin.startBuild(JOB);
            JenkinsHttp.waitFor(Duration.ofMinutes(1), "the batch running", () ->
                    smoke.admin.console(JOB, number).contains(": started"));
            JenkinsHttp.Response restart = smoke.admin.post("safeRestart", null, "", true);
            require(restart.status() == 302 || restart.status() == 200, "safeRestart: HTTP " + restart.status());
            long restartTook = awaitRestart(smoke, () -> {});
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(3));
            JsonNode page = smoke.admin.json("job/" + JOB + "/" + number + "/cody-batch/api/json");
            String log = smoke.admin.console(JOB, number);
            int done = log.indexOf("[cody-batch] Done:");
            int resumed = log.indexOf("Resuming build");
            require("SUCCESS".equals(run.path("result").asText()) && !log.contains("restarted while") && done >= 0
                    && (resumed < 0 || done < resumed), "result " + run.path("result") + "\n" + PipelineChecks.tail(log));
            require(!page.path("running").asBoolean() && page.path("completed").asInt() == slow.size(), "page " + page);
            return "the batch ended before Jenkins stopped" + (resumed >= 0 ? " (the rest of the Pipeline was paused and"
                    + " resumed after the restart)" : "") + "; Jenkins away for " + restartTook / 1000.0 + " s";
        });
        int[] cut = new int[1];
        int[] failed = new int[1];
        smoke.tally.check("restart while a step runs: the step fails saying so, the page is final and offers the retry",
                () -> {
            // one repository after the other (10 s): longer than the 5 s Jenkins waits before it restarts
            smoke.admin.pipelineJob(JOB, PipelineChecks.script(slow, ", parallelism: 1").replaceFirst("^node \\{",
                    "node('built-in') {"), true);
            cut[0] = smoke.admin.startBuild(JOB);
            JenkinsHttp.waitFor(Duration.ofMinutes(1), "the batch running", () ->
                    smoke.admin.console(JOB, cut[0]).contains(": started"));
            Thread.sleep(1000);
            smoke.admin.post("restart", null, "", true);
            awaitRestart(smoke, () -> {});
            JsonNode run = smoke.admin.awaitBuild(JOB, cut[0], Duration.ofMinutes(3));
            String log = smoke.admin.console(JOB, cut[0]);
            String base = "job/" + JOB + "/" + cut[0] + "/cody-batch/";
            JsonNode page = smoke.admin.json(base + "api/json");
            require("FAILURE".equals(run.path("result").asText()) && log.contains("Jenkins restarted while Cody Batch was"
                    + " running"), "result " + run.path("result") + "\n" + PipelineChecks.tail(log));
            failed[0] = page.path("failed").asInt();
            require(!page.path("running").asBoolean() && failed[0] >= 1
                    && failed[0] + page.path("completed").asInt() == slow.size(), "page " + page);
            List<String> errors = new ArrayList<>();
            smoke.admin.json(base + "summary").path("repositories").forEach(e -> {
                if (e.path("status").asText().equals("FAILED")) {
                    errors.add(e.path("spec").asText().replaceFirst(".*/", "") + ": " + e.path("result").path("error").asText());
                }
            });
            require(errors.stream().allMatch(e -> e.contains(": Jenkins restarted while this repository was")), "errors " + errors);
            require(smoke.admin.get(base).body().contains("Retry failed repositories"), "no retry offered");
            return page.path("completed").asInt() + " completed before the restart; " + String.join("; ", errors);
        });
        smoke.tally.check("Retry failed repositories after the restart: only those run, and the checkouts the restart"
                + " left are deleted", () -> {
            JenkinsHttp.Response retry = smoke.admin.post("job/" + JOB + "/" + cut[0] + "/cody-batch/retryFailed", null,
                    "", true);
            require(retry.status() == 302, "retryFailed: HTTP " + retry.status());
            int number = cut[0] + 1;
            JenkinsHttp.waitFor(Duration.ofMinutes(1), "the retry build", () ->
                    smoke.admin.get("job/" + JOB + "/" + number + "/api/json").status() == 200);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(3));
            String log = smoke.admin.console(JOB, number);
            require("SUCCESS".equals(run.path("result").asText()) && log.contains("total=" + failed[0]), "result "
                    + run.path("result") + "\n" + PipelineChecks.tail(log));
            return log.lines().filter(l -> l.contains("Deleted checkouts")).map(String::strip).findFirst()
                    .orElse("(the restart left no checkout)");
        });
    }

    interface Probe {
        void look() throws IOException, InterruptedException;
    }

    /** Waits until Jenkins went down and is up again (probing while it is up); returns how long it was away. */
    static long awaitRestart(Smoke smoke, Probe whileUp) throws Exception {
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
        long down = -1;
        while (System.currentTimeMillis() < deadline) {
            int status;
            try {
                status = smoke.admin.get("api/json").status();
                if (status == 200 && down < 0) {
                    whileUp.look();
                }
            } catch (IOException e) {
                status = -1;
            }
            if (status != 200 && down < 0) {
                down = System.currentTimeMillis();
            } else if (status == 200 && down >= 0) {
                if (smoke.agents != null) {
                    smoke.agents.awaitOnline("agent-1");
                    smoke.agents.awaitOnline("agent-2");
                }
                return System.currentTimeMillis() - down;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Jenkins did not restart within 5 min");
    }
}
