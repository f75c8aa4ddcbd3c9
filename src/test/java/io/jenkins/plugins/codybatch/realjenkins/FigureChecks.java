package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/** The figures of docs/jenkins.md: a 10-repository batch against the fakes, local and with labelled fan-out. */
final class FigureChecks {

    static final String JOB = "pipeline-figures";

    private FigureChecks() {}

    static void run(Smoke smoke) throws Exception {
        List<String> bench = smoke.repos.stream().filter(r -> r.contains("bench")).toList();
        smoke.tally.check("figure: " + bench.size() + " repositories on the step's node, parallelism 4", () ->
                batch(smoke, PipelineChecks.script(bench, ", parallelism: 4").replaceFirst("^node \\{",
                        "node('built-in') {"), bench.size()));
        smoke.tally.check("figure: " + bench.size() + " repositories on agents labelled 'cody' (2 agents, 1 executor"
                + " each), parallelism 4", () -> batch(smoke, AgentChecks.labelled(bench, "cody", 4), bench.size()));
        smoke.tally.check("the log holds no WARNING or SEVERE about cody-batch at the end", () ->
                BootChecks.logAboutUs(smoke.home));
    }

    private static String batch(Smoke smoke, String script, int total) throws Exception {
        smoke.admin.pipelineJob(JOB, script, true);
        int number = smoke.admin.startBuild(JOB);
        JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(10));
        String log = smoke.admin.console(JOB, number);
        require("SUCCESS".equals(run.path("result").asText()) && log.contains("completed=" + total), "result "
                + run.path("result") + "\n" + PipelineChecks.tail(log));
        JsonNode page = smoke.admin.json("job/" + JOB + "/" + number + "/cody-batch/api/json");
        return String.format("build #%d took %.1f s (Jenkins' duration); %d tokens, $%s", number,
                run.path("duration").asLong() / 1000.0, page.path("totalTokens").asLong(), page.path("cost").asText());
    }
}
