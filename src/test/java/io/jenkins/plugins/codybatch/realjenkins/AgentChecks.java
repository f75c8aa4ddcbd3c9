package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Labelled fan-out with real inbound agents (agent.jar on loopback): repositories run there and come back, the queue
 * API while they wait, the executor cell, abort mid-batch, an agent killed mid-repository, no agent online, and a step
 * that would hold the label's only executor.
 */
final class AgentChecks {

    static final String JOB = "pipeline-agents";

    private AgentChecks() {}

    static String labelled(List<String> repositories, String label, int parallelism) {
        return PipelineChecks.script(repositories, ", label: '" + label + "', parallelism: " + parallelism)
                .replaceFirst("^node \\{", "node('built-in') {");
    }

    static void run(Smoke smoke) throws Exception {
        Agents agents = new Agents(smoke);
        smoke.tally.check("two inbound agents labelled 'cody' connect over WebSocket (agent.jar on loopback)", () -> {
            agents.add("agent-1", "cody solo", 1);
            agents.add("agent-2", "cody", 1);
            agents.add("agent-3", "cody-offline", 1);
            agents.start("agent-1");
            agents.start("agent-2");
            return "agent-1 (cody solo), agent-2 (cody) online; agent-3 (cody-offline) never started";
        });
        List<String> slow = smoke.repos.stream().filter(r -> r.contains("slow")).toList();
        smoke.tally.check("labelled batch: repositories wait in the queue (/queue/api/json works), run on both agents"
                + " (executor cell links the batch), and their files come back", () -> {
            List<String> repositories = new ArrayList<>(slow.subList(0, 3));
            repositories.add(smoke.repos.get(0));
            smoke.admin.pipelineJob(JOB, labelled(repositories, "cody", 4), true);
            int number = smoke.admin.startBuild(JOB);
            String[] queue = new String[1];
            JenkinsHttp.waitFor(Duration.ofMinutes(2), "repositories waiting in the queue", () -> {
                JenkinsHttp.Response plain = smoke.admin.get("queue/api/json");
                require(plain.status() == 200, "/queue/api/json: HTTP " + plain.status());
                if (queued(plain.body()) < 2) {
                    return false;
                }
                List<String> items = new ArrayList<>();
                smoke.admin.json("queue/api/json?tree=items[why,task[name,url]]").path("items").forEach(i -> items.add(
                        i.path("task").path("name").asText() + " (" + i.path("why").asText() + ")"));
                queue[0] = String.join(" | ", items);
                return true;
            });
            String cell = executorCell(smoke);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(5));
            String log = smoke.admin.console(JOB, number);
            require("SUCCESS".equals(run.path("result").asText()), "result " + run.path("result") + "\n" + PipelineChecks.tail(log));
            require(log.contains("running on agent-1") && log.contains("running on agent-2"), "not on both agents:\n"
                    + PipelineChecks.tail(log));
            List<String> paths = new ArrayList<>();
            run.path("artifacts").forEach(a -> paths.add(a.path("relativePath").asText()));
            require(paths.contains("cody-batch/repos/acme__slow-1/transcript.jsonl")
                    && paths.contains("cody-batch/repos/acme__slow-1/patch.diff"), "artifacts " + paths);
            return "queue: " + queue[0] + "; executor cell: " + cell;
        });
        smoke.tally.check("a job budget spent on the agents stops their running conversations at the next turn and"
                + " starts no more", () -> {
            // a response costs $0.005925 and a conversation takes two: on a meter of its own each would finish
            String script = PipelineChecks.script(slow.subList(0, 3), ", label: 'cody', parallelism: 2,"
                    + " maxJobCost: 0.007").replaceFirst("^node \\{", "node('built-in') {");
            smoke.admin.pipelineJob(JOB, script, true);
            int number = smoke.admin.startBuild(JOB);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(5));
            String log = smoke.admin.console(JOB, number);
            JsonNode summary = smoke.admin.json("job/" + JOB + "/" + number + "/cody-batch/summary");
            int requests = 0;
            int stopped = 0;
            List<String> entries = new ArrayList<>();
            for (JsonNode entry : summary.path("repositories")) {
                JsonNode result = entry.path("result");
                requests += result.path("iterations").asInt();
                stopped += "job_budget_spent".equals(result.path("batch_error").asText()) ? 1 : 0;
                entries.add(entry.path("spec").asText() + " " + entry.path("status").asText() + " after "
                        + result.path("iterations").asInt() + " request(s)");
            }
            require(stopped >= 2 && requests <= 4 && summary.path("stopped").asText().contains("maxJobCost")
                    && log.contains("is spent"), "stopped " + stopped + ", requests " + requests + ", " + entries
                    + "\n" + PipelineChecks.tail(log));
            return String.join("; ", entries) + "; " + summary.path("stopped").asText();
        });
        smoke.tally.check("a verify command runs on the agent that holds the checkout, in the checkout", () -> {
            String script = PipelineChecks.script(List.of(smoke.repos.get(0)), ", label: 'cody', parallelism: 1,"
                    + " verifyCommand: 'test -f NOTES.md && pwd'").replaceFirst("^node \\{", "node('built-in') {");
            smoke.admin.pipelineJob(JOB, script, true);
            int number = smoke.admin.startBuild(JOB);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(5));
            String log = smoke.admin.console(JOB, number);
            JsonNode result = smoke.admin.json("job/" + JOB + "/" + number + "/cody-batch/summary")
                    .path("repositories").get(0).path("result");
            String where = result.path("verification").path("output_tail").asText().strip();
            require("SUCCESS".equals(run.path("result").asText()) && log.contains("check passed (1 run)")
                    && where.startsWith(smoke.work.resolve("agents").toString()), "result " + run.path("result")
                    + ", ran in '" + where + "'\n" + PipelineChecks.tail(log));
            return "check passed (1 run) in " + where;
        });
        smoke.tally.check("abort mid-batch: the build ends ABORTED, no queue item or busy executor is left, the page is"
                + " final and what the stopped repositories spent is counted", () -> {
            smoke.admin.pipelineJob(JOB, labelled(slow.subList(0, 3), "cody", 2), true);
            int number = smoke.admin.startBuild(JOB);
            // the agents work in folders on this machine: abort once a first answer is in a transcript there
            JenkinsHttp.waitFor(Duration.ofMinutes(2), "a first answer in a transcript on an agent", () ->
                    answeredOnAnAgent(smoke, number));
            smoke.admin.post("job/" + JOB + "/" + number + "/stop", null, "", true);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(2));
            require("ABORTED".equals(run.path("result").asText()), "result " + run.path("result"));
            JenkinsHttp.waitFor(Duration.ofSeconds(30), "no Cody Batch item in the queue and no busy agent executor", () ->
                    queued(smoke.admin.get("queue/api/json").body()) == 0
                            && smoke.admin.json("computer/api/json").path("busyExecutors").asInt() == 0);
            String base = "job/" + JOB + "/" + number + "/cody-batch/";
            JsonNode page = smoke.admin.json(base + "api/json");
            require(!page.path("running").asBoolean() && page.path("cancelled").asBoolean(), "page: " + page);
            JsonNode summary = smoke.admin.json(base + "summary");
            List<String> entries = new ArrayList<>();
            long spent = 0;
            for (JsonNode entry : summary.path("repositories")) {
                String error = entry.path("result").path("error").asText();
                long tokens = entry.path("result").path("usage").path("input_tokens").asLong()
                        + entry.path("result").path("usage").path("output_tokens").asLong();
                require(entry.path("status").asText().equals("FAILED") && error.contains("cancelled"), "entry " + entry);
                spent += error.startsWith("cancelled while running") ? tokens : 0;
                entries.add(entry.path("spec").asText() + ": " + error.substring(0, error.indexOf(';')) + ", " + tokens
                        + " tokens");
            }
            require(spent > 0, "nothing counted for the stopped repositories: " + entries);
            return String.join("; ", entries);
        });
        smoke.tally.check("an agent killed mid-repository: the repository runs once more on the other agent", () -> {
            smoke.admin.pipelineJob(JOB, labelled(slow.subList(3, 4), "cody", 1), true);
            int number = smoke.admin.startBuild(JOB);
            Matcher on = Pattern.compile(": running on (agent-\\d)").matcher("");
            JenkinsHttp.waitFor(Duration.ofMinutes(2), "the repository running on an agent", () ->
                    on.reset(smoke.admin.console(JOB, number)).find());
            String victim = on.group(1);
            Thread.sleep(1000);
            agents.kill(victim);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(5));
            String log = smoke.admin.console(JOB, number);
            String other = victim.equals("agent-1") ? "agent-2" : "agent-1";
            require("SUCCESS".equals(run.path("result").asText()) && log.contains("trying once more")
                    && log.contains("running on " + other), "result " + run.path("result") + "\n" + PipelineChecks.tail(log));
            agents.start(victim);
            return log.lines().filter(l -> l.contains("trying once more") || l.contains("running on"))
                    .map(String::strip).reduce((a, b) -> a + " | " + b).orElse("");
        });
        smoke.tally.check("no agent with the label online: the repository says why it waits, then fails clearly", () -> {
            smoke.admin.pipelineJob(JOB, labelled(List.of(smoke.repos.get(0)), "cody-offline", 1), true);
            int number = smoke.admin.startBuild(JOB);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(5));
            String log = smoke.admin.console(JOB, number);
            require("FAILURE".equals(run.path("result").asText()) && log.contains("still waiting in the build queue after")
                    && log.contains("no agent labelled 'cody-offline' was online for"), "result " + run.path("result")
                    + "\n" + PipelineChecks.tail(log));
            require(queued(smoke.admin.get("queue/api/json").body()) == 0, "a queue item is left");
            return log.lines().filter(l -> l.contains("still waiting") || l.contains("FAILED")).map(String::strip)
                    .reduce((a, b) -> a + " | " + b).orElse("");
        });
        smoke.tally.check("a step holding the label's only executor stops before anything is queued", () -> {
            smoke.admin.pipelineJob(JOB, labelled(List.of(smoke.repos.get(0)), "solo", 1)
                    .replaceFirst("node\\('built-in'\\)", "node('solo')"), true);
            int number = smoke.admin.startBuild(JOB);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(2));
            String log = smoke.admin.console(JOB, number);
            require("FAILURE".equals(run.path("result").asText()) && log.contains("holds its only executor"),
                    "result " + run.path("result") + "\n" + PipelineChecks.tail(log));
            return log.lines().filter(l -> l.contains("holds its only executor")).map(String::strip).findFirst().orElse("");
        });
        smoke.agents = agents;
    }

    private static boolean answeredOnAnAgent(Smoke smoke, int build) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(smoke.work.resolve("agents"))) {
            for (java.nio.file.Path file : files.filter(f -> f.getFileName().toString().equals("transcript.jsonl")
                    && f.toString().contains("/" + build + "-cody-batch-")).toList()) {
                if (java.nio.file.Files.readString(file).contains("\"event\":\"response\"")) {
                    return true;
                }
            }
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return false; // a folder went away while it was read
        }
        return false;
    }

    /** How many repositories of batches wait in the queue, from /queue/api/json as Jenkins answers it. */
    static int queued(String queueJson) throws java.io.IOException {
        int count = 0;
        for (JsonNode item : Json.MAPPER.readTree(queueJson).path("items")) {
            count += item.path("task").path("_class").asText().endsWith("RepositoryQueueTask") ? 1 : 0;
        }
        return count;
    }

    /** The executors widget of the dashboard shows a running repository, named and linked to its batch page. */
    private static String executorCell(Smoke smoke) throws Exception {
        Browser b = smoke.browser();
        WebElement link = null;
        for (int i = 0; i < 20 && link == null; i++) {
            b.open("");
            link = b.all(".executor-cell a").stream().filter(a -> a.getText().contains("Cody Batch")).findFirst()
                    .orElse(null);
            if (link == null) {
                Thread.sleep(500);
            }
        }
        require(link != null, "no executor cell names a repository of the batch");
        String href = link.getDomAttribute("href");
        require(href.endsWith("/cody-batch/"), "the cell links " + href);
        List<String> console = b.consoleProblems();
        require(console.isEmpty(), "console: " + console);
        return link.getText().replace('\n', ' ') + " -> " + href;
    }
}
