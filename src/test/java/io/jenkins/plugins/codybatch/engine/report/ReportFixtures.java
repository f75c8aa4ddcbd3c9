package io.jenkins.plugins.codybatch.engine.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Output folders shaped like a batch's (summary.json, repos/&lt;dir&gt;/...), for tests and the benchmark. */
public final class ReportFixtures {

    private final Path dir;
    private final String name;
    private final JobType type;
    private final List<RepoResult> results = new ArrayList<>();

    public ReportFixtures(Path dir, String name, JobType type) {
        this.dir = dir;
        this.name = name;
        this.type = type;
    }

    /** Adds one repository: its result.json and whichever of the other files are given (null leaves one out). */
    public ReportFixtures repo(RepoResult result, String diff, List<ObjectNode> transcript, String report) {
        results.add(result);
        Path repoDir = dir.resolve("repos").resolve(HtmlReport.dirOf(result.repository()));
        try {
            Files.createDirectories(repoDir);
            Json.MAPPER.writeValue(repoDir.resolve("result.json").toFile(), result);
            if (diff != null) {
                Files.writeString(repoDir.resolve("patch.diff"), diff, StandardCharsets.UTF_8);
            }
            if (transcript != null) {
                StringBuilder lines = new StringBuilder();
                for (ObjectNode event : transcript) {
                    lines.append(event.toString()).append('\n');
                }
                Files.writeString(repoDir.resolve("transcript.jsonl"), lines, StandardCharsets.UTF_8);
            }
            if (report != null) {
                Files.writeString(repoDir.resolve("report.md"), report, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes summary.json over every repository added so far. */
    public Path writeSummary() {
        ObjectNode summary = Json.MAPPER.createObjectNode();
        summary.put("name", name);
        summary.put("type", type.id());
        summary.put("status", "COMPLETED");
        Map<RepoStatus, Integer> counts = new EnumMap<>(RepoStatus.class);
        Usage usage = Usage.ZERO;
        double cost = 0;
        for (RepoResult r : results) {
            counts.merge(r.status(), 1, Integer::sum);
            usage = usage.plus(r.usage());
            cost += r.cost();
        }
        ObjectNode countNode = summary.putObject("counts");
        counts.forEach((status, n) -> countNode.put(status.name(), n));
        summary.set("usage", Json.MAPPER.valueToTree(usage));
        summary.put("cost", cost);
        summary.put("started_at", "2026-11-29T09:12:04Z");
        summary.put("finished_at", "2026-11-29T09:31:47Z");
        ArrayNode repositories = summary.putArray("repositories");
        results.forEach(r -> repositories.add(Json.MAPPER.valueToTree(r)));
        try {
            Files.createDirectories(dir);
            Json.MAPPER.writeValue(dir.resolve("summary.json").toFile(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    // ---- building blocks ----

    public static ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    public static ObjectNode text(String text) {
        return Json.MAPPER.createObjectNode().put("type", "text").put("text", text);
    }

    public static ObjectNode request(String text) {
        ObjectNode e = event("request");
        e.putArray("content").add(text(text));
        return e;
    }

    public static ObjectNode response(String id, String text, String toolId, String tool, ObjectNode input, Usage usage) {
        ObjectNode e = event("response").put("request_id", id).put("stop_reason", tool == null ? "end_turn" : "tool_use");
        ArrayNode content = e.putArray("content");
        content.add(text(text));
        if (tool != null) {
            content.add(Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", toolId).put("name", tool)
                    .set("input", input));
        }
        e.set("usage", Json.MAPPER.valueToTree(usage));
        return e;
    }

    public static ObjectNode toolCall(String toolId, String tool, ObjectNode input) {
        ObjectNode e = event("tool_call").put("tool_use_id", toolId).put("name", tool);
        e.set("input", input);
        return e;
    }

    public static ObjectNode toolResult(String toolId, String content, boolean isError) {
        return event("tool_result").put("tool_use_id", toolId).put("content", content).put("is_error", isError);
    }

    public static ObjectNode input(String... keyValues) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return node;
    }

    /** A small but real-looking JUnit 4 to 5 migration diff over {@code files} files. */
    public static String junitDiff(String module, int files) {
        StringBuilder diff = new StringBuilder();
        for (int f = 0; f < files; f++) {
            String path = "src/test/java/com/acme/" + module + "/Service" + f + "Test.java";
            diff.append("diff --git a/").append(path).append(" b/").append(path).append('\n')
                    .append("index 3f2a1c4..8b9d0e7 100644\n")
                    .append("--- a/").append(path).append('\n')
                    .append("+++ b/").append(path).append('\n')
                    .append("@@ -1,12 +1,12 @@\n")
                    .append(" package com.acme.").append(module).append(";\n \n")
                    .append("-import static org.junit.Assert.assertEquals;\n")
                    .append("-import org.junit.Before;\n")
                    .append("-import org.junit.Test;\n")
                    .append("+import static org.junit.jupiter.api.Assertions.assertEquals;\n")
                    .append("+import org.junit.jupiter.api.BeforeEach;\n")
                    .append("+import org.junit.jupiter.api.Test;\n \n")
                    .append("-public class Service").append(f).append("Test {\n")
                    .append("+class Service").append(f).append("Test {\n")
                    .append("     private Service").append(f).append(" service;\n \n")
                    .append("-    @Before\n")
                    .append("+    @BeforeEach\n")
                    .append("     public void setUp() {\n")
                    .append("@@ -20,7 +20,7 @@ public class Service").append(f).append("Test {\n")
                    .append("     @Test\n")
                    .append("-    public void computesTotal() {\n")
                    .append("+    void computesTotal() {\n")
                    .append("         assertEquals(42, service.total());\n")
                    .append("     }\n");
        }
        return diff.toString();
    }

    /** A tool-use conversation of {@code turns} tool calls ending with a summary. */
    public static List<ObjectNode> junitTranscript(String repository, int turns) {
        List<ObjectNode> events = new ArrayList<>();
        events.add(request("Migrate the tests of " + repository + " from JUnit 4 to JUnit 5. Keep behaviour the same."));
        for (int t = 0; t < turns; t++) {
            String id = "toolu_01" + t + "AbCdEf";
            ObjectNode in = t == 0
                    ? input("command", "grep -rl 'org.junit.Test' src/test")
                    : input("command", "str_replace", "path", "src/test/java/com/acme/Service" + t + "Test.java",
                            "old_str", "import org.junit.Test;", "new_str", "import org.junit.jupiter.api.Test;");
            String tool = t == 0 ? "bash" : "str_replace_based_edit_tool";
            events.add(response("req_011CV" + t + "xYz", t == 0
                    ? "I'll start by finding the JUnit 4 tests."
                    : "Updating the imports in Service" + t + "Test.", id, tool, in, new Usage(1200 + t * 40, 180, t == 0 ? 4100 : 0, t == 0 ? 0 : 4100)));
            events.add(toolCall(id, tool, in));
            events.add(toolResult(id, t == 0
                    ? "src/test/java/com/acme/Service0Test.java\nsrc/test/java/com/acme/Service1Test.java"
                    : "Successfully replaced text at exactly one location.", false));
        }
        events.add(response("req_011CVendxYz", "Migrated " + turns + " test classes to JUnit 5: replaced imports, "
                + "@Before with @BeforeEach and dropped public modifiers.", null, null, null, new Usage(1500, 95, 0, 4100)));
        events.add(event("outcome").put("status", "COMPLETED").put("message", "Done after " + (turns + 1) + " requests"));
        return events;
    }

    /** A realistic code-pattern-update batch of five repositories, one of each common status. */
    public static Path realistic(Path dir) {
        ReportFixtures f = new ReportFixtures(dir, "Migrate tests to JUnit 5", JobType.CODE_PATTERN_UPDATE);
        List<ObjectNode> payments = junitTranscript("acme/payments-service", 3);
        payments.add(3, event("retry").put("message", "HTTP 529 overloaded; retrying in 2 s").put("attempt", 1));
        payments.add(6, toolResult("toolu_01x", "sed: can't read src/main/Foo.java: No such file or directory", true));
        f.repo(new RepoResult("acme/payments-service", RepoStatus.COMPLETED, null, 4, new Usage(5020, 815, 4100, 12300),
                        0.0731, List.of("src/test/java/com/acme/payments/Service0Test.java",
                                "src/test/java/com/acme/payments/Service1Test.java",
                                "src/test/java/com/acme/payments/Service2Test.java"),
                        new PullRequestRef("https://github.com/acme/payments-service/pull/42", 42, "created"),
                        "Migrated 3 test classes to JUnit 5.", 48_200),
                junitDiff("payments", 3), payments, null);
        f.repo(new RepoResult("acme/inventory", RepoStatus.COMPLETED, null, 3, new Usage(3900, 610, 4100, 8200), 0.0512,
                        List.of("src/test/java/com/acme/inventory/Service0Test.java"),
                        new PullRequestRef("https://github.com/acme/inventory/pull/17", 17, "updated"),
                        "Migrated 1 test class to JUnit 5.", 31_900),
                junitDiff("inventory", 1), junitTranscript("acme/inventory", 2), null);
        f.repo(RepoResult.failed("acme/legacy-billing",
                "Clone failed: repository not found (HTTP 404). Check the name and that the token can read it."),
                null, null, null);
        f.repo(new RepoResult("acme/docs-site", RepoStatus.NO_CHANGES, null, 2, new Usage(2100, 240, 4100, 0), 0.0231,
                        List.of(), null, "No JUnit tests in this repository; nothing to change.", 12_400),
                null, junitTranscript("acme/docs-site", 1), null);
        f.repo(RepoResult.skipped("acme/archived-tool", "Not in the allowed repositories (acme/*-service, acme/inventory)"),
                null, null, null);
        return f.writeSummary();
    }
}
