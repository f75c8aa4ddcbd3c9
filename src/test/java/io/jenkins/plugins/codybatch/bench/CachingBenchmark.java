package io.jenkins.plugins.codybatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.AgentSettings;
import io.jenkins.plugins.codybatch.engine.agent.AgentTask;
import io.jenkins.plugins.codybatch.engine.agent.ClaudeAgent;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeClient;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeSettings;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Billed uncached input tokens of a scripted 40-turn session, with the loop's cache_control breakpoints
 * honoured versus ignored. The fake API bills honestly from the request bytes: tokens = characters / 4 of the
 * canonical prefix (tools, system, then each message block, cache_control removed); a breakpoint's prefix is
 * read from cache when an earlier request wrote exactly that prefix, and written otherwise (prefixes under
 * 1024 tokens are not cached, as for Sonnet).
 *
 * <p>Run: {@code mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.jenkins.plugins.codybatch.bench.CachingBenchmark}
 */
public final class CachingBenchmark {

    static final int TURNS = 40;
    static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Usage cached = session(true);
        Usage uncached = session(false);
        PriceTable prices = PriceTable.defaults();
        System.out.printf(Locale.ROOT, "turns=%d%n", TURNS);
        System.out.printf(Locale.ROOT, "with cache_control:    input=%d cache_write=%d cache_read=%d output=%d cost=$%.4f%n",
                cached.inputTokens(), cached.cacheCreationInputTokens(), cached.cacheReadInputTokens(),
                cached.outputTokens(), prices.cost("claude-sonnet-4-6", cached).dollars());
        System.out.printf(Locale.ROOT, "without cache_control: input=%d cache_write=%d cache_read=%d output=%d cost=$%.4f%n",
                uncached.inputTokens(), uncached.cacheCreationInputTokens(), uncached.cacheReadInputTokens(),
                uncached.outputTokens(), prices.cost("claude-sonnet-4-6", uncached).dollars());
        System.out.printf(Locale.ROOT, "uncached input tokens: %.1fx fewer with caching (goal >= 5x)%n",
                (double) uncached.inputTokens() / cached.inputTokens());
    }

    static Usage session(boolean honourCacheControl) throws Exception {
        Path tmp = Files.createTempDirectory("caching-bench");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        for (int i = 1; i <= TURNS; i++) {
            StringBuilder source = new StringBuilder("package demo;\n\npublic class File" + i + " {\n");
            for (int m = 0; m < 60; m++) {
                source.append("    int method").append(m).append("(int x) { return x * ").append(i + m).append("; }\n");
            }
            Files.writeString(repo.resolve("File" + i + ".java"), source.append("}\n").toString());
        }
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new FakeBillingApi(honourCacheControl));
            server.start(0);
            ClaudeSettings settings = ClaudeSettings.defaults().withBaseUrl(server.url("/").toString())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
            ClaudeClient client = new ClaudeClient(settings, "sk-bench-key-0000000000");
            ClaudeAgent agent = new ClaudeAgent(client, PriceTable.defaults(), AgentSettings.defaults(), client.redactor());
            AgentOutcome outcome = agent.run(new AgentTask("bench/demo", repo, "Review every File*.java one by one.",
                    JobType.ANALYSIS, new Limits(TURNS + 5, 0, 0), tmp.resolve("transcript.jsonl")));
            if (outcome.ending() != AgentOutcome.Ending.DONE || outcome.iterations() != TURNS) {
                throw new IllegalStateException("session did not run as scripted: " + outcome);
            }
            return outcome.usage();
        }
    }

    /** Plays the model (views File1..File39, then ends) and bills each request from its bytes. */
    static final class FakeBillingApi extends Dispatcher {
        private static final int MIN_CACHEABLE_TOKENS = 1024;
        private final boolean honourCacheControl;
        private final String toolOverhead;
        private final Set<String> cache = new HashSet<>();

        FakeBillingApi(boolean honourCacheControl) {
            this(honourCacheControl, 0);
        }

        /**
         * @param toolOverheadTokens tokens the API adds for Anthropic-defined tools (the text editor's definition is
         *                           built into the model, ~700 tokens), billed as part of the tools prefix
         */
        FakeBillingApi(boolean honourCacheControl, int toolOverheadTokens) {
            this.honourCacheControl = honourCacheControl;
            this.toolOverhead = " ".repeat(toolOverheadTokens * 4);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            try {
                JsonNode body = MAPPER.readTree(request.getBody().utf8());
                int turn = (body.get("messages").size() + 1) / 2;
                ObjectNode usage = bill(body);
                ObjectNode reply = MAPPER.createObjectNode().put("id", "msg_" + turn).put("type", "message")
                        .put("role", "assistant").put("model", body.get("model").asText());
                if (turn < TURNS) {
                    reply.put("stop_reason", "tool_use");
                    com.fasterxml.jackson.databind.node.ArrayNode content = reply.putArray("content");
                    content.addObject().put("type", "text").put("text", "Next I read File" + turn + ".");
                    ObjectNode use = content.addObject();
                    use.put("type", "tool_use").put("id", "toolu_" + turn).put("name", "str_replace_based_edit_tool");
                    use.putObject("input").put("command", "view").put("path", "File" + turn + ".java");
                } else {
                    reply.put("stop_reason", "end_turn");
                    reply.putArray("content").addObject().put("type", "text").put("text", "All files reviewed.");
                }
                usage.put("output_tokens", reply.get("content").toString().length() / 4);
                reply.set("usage", usage);
                return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                        .body(reply.toString()).build();
            } catch (Exception e) {
                return new MockResponse.Builder().code(500).body("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"" + e + "\"}}").build();
            }
        }

        /** Prefix order tools, system, messages; a breakpoint caches everything up to and including its block. */
        ObjectNode bill(JsonNode body) {
            StringBuilder prefix = new StringBuilder();
            prefix.append(strip(body.get("tools"))).append(toolOverhead);
            String longestHit = null;
            java.util.List<String> breakpoints = new java.util.ArrayList<>();
            for (JsonNode block : body.get("system")) {
                prefix.append(strip(block));
                if (block.has("cache_control")) {
                    breakpoints.add(prefix.toString());
                }
            }
            for (JsonNode message : body.get("messages")) {
                prefix.append(message.get("role").asText());
                for (JsonNode block : message.get("content")) {
                    prefix.append(strip(block));
                    if (block.has("cache_control")) {
                        breakpoints.add(prefix.toString());
                    }
                }
            }
            long total = tokens(prefix.length());
            long read = 0;
            long written = 0;
            if (honourCacheControl) {
                for (String breakpoint : breakpoints) {
                    if (cache.contains(breakpoint)) {
                        longestHit = breakpoint;
                    }
                }
                read = longestHit == null ? 0 : tokens(longestHit.length());
                String longest = breakpoints.isEmpty() ? null : breakpoints.get(breakpoints.size() - 1);
                if (longest != null && tokens(longest.length()) >= MIN_CACHEABLE_TOKENS && !longest.equals(longestHit)) {
                    written = tokens(longest.length()) - read;
                }
                for (String breakpoint : breakpoints) {
                    if (tokens(breakpoint.length()) >= MIN_CACHEABLE_TOKENS) {
                        cache.add(breakpoint);
                    }
                }
            }
            return MAPPER.createObjectNode().put("input_tokens", total - read - written)
                    .put("cache_creation_input_tokens", written).put("cache_read_input_tokens", read);
        }

        private static String strip(JsonNode node) {
            JsonNode copy = node.deepCopy();
            if (copy instanceof ObjectNode object) {
                object.remove("cache_control");
            }
            return copy.toString();
        }

        private static long tokens(int chars) {
            return chars / 4;
        }
    }
}
