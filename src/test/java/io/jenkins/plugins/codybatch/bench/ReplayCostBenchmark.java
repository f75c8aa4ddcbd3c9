package io.jenkins.plugins.codybatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.AgentSettings;
import io.jenkins.plugins.codybatch.engine.agent.AgentTask;
import io.jenkins.plugins.codybatch.engine.agent.ClaudeAgent;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.LocalGitRepositoryService;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeClient;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeSettings;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Tokens and dollars per repository on a replay of real commits (docs/performance.md, "Cost per repository"). Each
 * commit of a git repository (by default ten small commits of this project's own history) becomes one repository:
 * its changed files as they were before the commit, and its message as the prompt. The fake model makes that commit's
 * change the way a model would: turn 1 views each changed file around the change (view_range), turn 2 makes one
 * str_replace per file (the changed lines, with context until the text is unique), turn 3 ends with the commit's
 * subject. Afterwards every file must equal the commit's version. The real ClaudeAgent sends the conversation; the
 * fake API bills it from the request bytes ({@link CachingBenchmark.FakeBillingApi}: a token per 4 characters of the
 * tools, system and messages, plus 700 tokens for the text editor's built-in definition; Sonnet's 1,024-token
 * minimum for caching), once honouring the loop's cache_control breakpoints and once ignoring them.
 *
 * <p>Arguments (optional): repo=PATH (default: the current directory's repository), then commit ids.
 */
public final class ReplayCostBenchmark {

    static final String MODEL = "claude-sonnet-4-6";
    static final List<String> DEFAULT_COMMITS = List.of("04531ac", "df21def", "cd0dfb5", "a98538d", "64483cc",
            "0ab5c07", "fea07c6", "a1bbf35", "e74e2c1", "afe2776");

    /** One changed file: its text before and after, the lines to view, and the edit that makes the change. */
    record FileChange(String path, String before, String after, int firstLine, int lastLine, String oldStr,
            String newStr) {}

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(".");
        List<String> commits = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("repo=")) {
                repo = Path.of(arg.substring(5));
            } else {
                commits.add(arg);
            }
        }
        if (commits.isEmpty()) {
            commits.addAll(DEFAULT_COMMITS);
        }
        PriceTable prices = PriceTable.defaults();
        Usage[] totals = {Usage.ZERO, Usage.ZERO};
        System.out.printf(Locale.ROOT, "%-8s %5s %6s | %-44s | %-44s%n", "commit", "files", "lines",
                "with caching: in / write / read / out, $", "without caching: in / out, $");
        for (String commit : commits) {
            List<FileChange> changes = changes(repo, commit);
            String message = LocalGitRepositoryService.git(repo, "log", "-1", "--format=%B", commit).trim();
            Usage cached = replay(commit, message, changes, true);
            Usage uncached = replay(commit, message, changes, false);
            totals[0] = totals[0].plus(cached);
            totals[1] = totals[1].plus(uncached);
            int lines = changes.stream().mapToInt(c -> c.after().split("\n", -1).length).sum();
            System.out.printf(Locale.ROOT, "%-8s %5d %6d | %7d / %6d / %6d / %5d  $%.4f | %7d / %5d  $%.4f%n",
                    commit, changes.size(), lines, cached.inputTokens(), cached.cacheCreationInputTokens(),
                    cached.cacheReadInputTokens(), cached.outputTokens(), prices.cost(MODEL, cached).dollars(),
                    uncached.inputTokens(), uncached.outputTokens(), prices.cost(MODEL, uncached).dollars());
        }
        int n = commits.size();
        double withCache = prices.cost(MODEL, totals[0]).dollars() / n;
        double without = prices.cost(MODEL, totals[1]).dollars() / n;
        System.out.printf(Locale.ROOT, "%nper repository (mean of %d), %s at $3/$15 per million tokens:%n", n, MODEL);
        System.out.printf(Locale.ROOT, "  with caching:    %,d tokens, $%.4f (through the Message Batches API: $%.4f)%n",
                totals[0].totalTokens() / n, withCache, prices.cost(MODEL, totals[0], true).dollars() / n);
        System.out.printf(Locale.ROOT, "  without caching: %,d tokens, $%.4f (through the Message Batches API: $%.4f)%n",
                totals[1].totalTokens() / n, without, prices.cost(MODEL, totals[1], true).dollars() / n);
        System.out.printf(Locale.ROOT, "  caching saves %.0f %% of the cost%n", 100 * (1 - withCache / without));
    }

    static List<FileChange> changes(Path repo, String commit) throws Exception {
        List<FileChange> changes = new ArrayList<>();
        for (String line : LocalGitRepositoryService.git(repo, "diff", "--name-status", commit + "^", commit).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 2 || !parts[0].equals("M")) {
                throw new IllegalArgumentException(commit + " must only modify files, not: " + line);
            }
            String before = LocalGitRepositoryService.git(repo, "show", commit + "^:" + parts[1]);
            String after = LocalGitRepositoryService.git(repo, "show", commit + ":" + parts[1]);
            changes.add(edit(parts[1], before, after));
        }
        return changes;
    }

    /** The block of lines that differs, widened by a line of context each way until it occurs once in the file. */
    static FileChange edit(String path, String before, String after) {
        List<String> a = Arrays.asList(before.split("\n", -1));
        List<String> b = Arrays.asList(after.split("\n", -1));
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        for (int context = 0; ; context++) {
            int from = Math.max(0, head - context);
            int toA = Math.min(a.size(), a.size() - tail + context);
            int toB = Math.min(b.size(), b.size() - tail + context);
            String oldStr = String.join("\n", a.subList(from, toA));
            String newStr = String.join("\n", b.subList(from, toB));
            if (!oldStr.isEmpty() && before.indexOf(oldStr) == before.lastIndexOf(oldStr)) {
                return new FileChange(path, before, after, from + 1, Math.max(from + 1, toA), oldStr, newStr);
            }
        }
    }

    static Usage replay(String commit, String message, List<FileChange> changes, boolean honourCacheControl)
            throws Exception {
        Path tmp = Files.createTempDirectory("cody-replay-" + commit + "-");
        try (MockWebServer server = new MockWebServer()) {
            Path checkout = Files.createDirectories(tmp.resolve("checkout"));
            for (FileChange change : changes) {
                Path file = checkout.resolve(change.path());
                Files.createDirectories(file.getParent());
                Files.writeString(file, change.before());
            }
            server.setDispatcher(new ReplayingModel(changes, message,
                    new CachingBenchmark.FakeBillingApi(honourCacheControl, 700)));
            server.start(0);
            ClaudeSettings settings = ClaudeSettings.defaults().withBaseUrl(server.url("/").toString())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
            ClaudeClient client = new ClaudeClient(settings, "sk-ant-replay-key-0000000000");
            ClaudeAgent agent = new ClaudeAgent(client, PriceTable.defaults(), AgentSettings.defaults(), client.redactor());
            AgentOutcome outcome = agent.run(new AgentTask("acme/cody-batch", checkout, message,
                    JobType.CODE_PATTERN_UPDATE, Limits.defaults(), tmp.resolve("transcript.jsonl")));
            if (outcome.ending() != AgentOutcome.Ending.DONE || outcome.iterations() != 3) {
                throw new IllegalStateException(commit + ": the replay did not run as scripted: " + outcome);
            }
            for (FileChange change : changes) {
                if (!Files.readString(checkout.resolve(change.path())).equals(change.after())) {
                    throw new IllegalStateException(commit + ": " + change.path() + " differs from the commit");
                }
            }
            return outcome.usage();
        } finally {
            ResultFiles.deleteRecursively(tmp);
        }
    }

    /** Plays the model for one commit and bills each request with {@link CachingBenchmark.FakeBillingApi}. */
    static final class ReplayingModel extends Dispatcher {
        private final List<FileChange> changes;
        private final String message;
        private final CachingBenchmark.FakeBillingApi billing;

        ReplayingModel(List<FileChange> changes, String message, CachingBenchmark.FakeBillingApi billing) {
            this.changes = changes;
            this.message = message;
            this.billing = billing;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            try {
                JsonNode body = CachingBenchmark.MAPPER.readTree(request.getBody().utf8());
                int turn = 0;
                for (JsonNode m : body.get("messages")) {
                    turn += m.get("role").asText().equals("assistant") ? 1 : 0;
                }
                ObjectNode reply = CachingBenchmark.MAPPER.createObjectNode().put("id", "msg_" + turn)
                        .put("type", "message").put("role", "assistant").put("model", MODEL);
                ArrayNode content = reply.putArray("content");
                if (turn == 0) {
                    content.addObject().put("type", "text").put("text", "I will look at the code this task is about.");
                    for (FileChange change : changes) {
                        ObjectNode input = tool(content, change.path().hashCode() + "v").put("command", "view")
                                .put("path", change.path());
                        input.putArray("view_range").add(Math.max(1, change.firstLine() - 30)).add(change.lastLine() + 30);
                    }
                    reply.put("stop_reason", "tool_use");
                } else if (turn == 1) {
                    content.addObject().put("type", "text").put("text", "Now I make the change.");
                    for (FileChange change : changes) {
                        tool(content, change.path().hashCode() + "e").put("command", "str_replace")
                                .put("path", change.path()).put("old_str", change.oldStr()).put("new_str", change.newStr());
                    }
                    reply.put("stop_reason", "tool_use");
                } else {
                    content.addObject().put("type", "text").put("text", message.lines().findFirst().orElse("Done."));
                    reply.put("stop_reason", "end_turn");
                }
                ObjectNode usage = billing.bill(body);
                usage.put("output_tokens", content.toString().length() / 4);
                reply.set("usage", usage);
                return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                        .body(reply.toString()).build();
            } catch (Exception e) {
                return new MockResponse.Builder().code(500).body("{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                        + "\"message\":\"" + e.getClass().getSimpleName() + "\"}}").build();
            }
        }

        private static ObjectNode tool(ArrayNode content, String id) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_" + id.replace('-', 'm'))
                    .put("name", "str_replace_based_edit_tool");
            return use.putObject("input");
        }
    }
}
