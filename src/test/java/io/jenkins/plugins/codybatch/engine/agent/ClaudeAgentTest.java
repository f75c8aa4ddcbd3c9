package io.jenkins.plugins.codybatch.engine.agent;

import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.reply;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.text;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome.Ending;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeClient;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeSettings;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import io.jenkins.plugins.codybatch.engine.tools.TextEditorTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole conversations against a fake Messages API, with real files in a real git checkout. */
class ClaudeAgentTest {

    static final String KEY = "sk-ant-api03-AGENT-secret-key-987654321";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    MockWebServer server;
    Path repo;
    Path transcript;
    List<Duration> sleeps = new ArrayList<>();
    AgentSettings agentSettings = AgentSettings.defaults();

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start(0);
        repo = Files.createDirectories(tmp.resolve("checkout"));
        Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call().close();
        Files.writeString(repo.resolve("Hello.java"), "class Hello {\n  String greet() { return \"hi\"; }\n}\n");
        transcript = tmp.resolve("out/transcript.jsonl");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    ClaudeAgent agent() {
        ClaudeSettings settings = ClaudeSettings.defaults().withBaseUrl(server.url("/").toString())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30))
                .withRetries(3, Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(40));
        ClaudeClient client = new ClaudeClient(settings, KEY, ClaudeClient.defaultHttpClient(settings), sleeps::add);
        return new ClaudeAgent(client, PriceTable.defaults(), agentSettings, client.redactor());
    }

    AgentTask task(String prompt, JobType type, Limits limits) {
        return new AgentTask("acme/hello", repo, prompt, type, limits, transcript);
    }

    AgentOutcome run(String prompt) throws Exception {
        return agent().run(task(prompt, JobType.CODE_PATTERN_UPDATE, Limits.defaults()));
    }

    // ---- fake API responses -------------------------------------------------------------------------

    JsonNode nextRequest() throws Exception {
        return MAPPER.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    }

    List<JsonNode> events() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(transcript)) {
            events.add(MAPPER.readTree(line));
        }
        return events;
    }

    List<String> eventTypes() throws Exception {
        return events().stream().map(e -> e.get("event").asText()).toList();
    }

    static JsonNode lastMessage(JsonNode request) {
        JsonNode messages = request.get("messages");
        return messages.get(messages.size() - 1);
    }

    // ---- tests --------------------------------------------------------------------------------------

    @Test
    void multiTurnSessionEditsFilesOnDisk() throws Exception {
        server.enqueue(reply("tool_use", 1000, 50, text("Let me look."),
                toolUse("toolu_1", "command", "view", "path", "Hello.java")));
        server.enqueue(reply("tool_use", 1200, 80,
                toolUse("toolu_2", "command", "str_replace", "path", "Hello.java", "old_str", "\"hi\"", "new_str", "\"hello\""),
                toolUse("toolu_3", "command", "create", "path", "docs/CHANGES.md", "file_text", "- greet says hello\n")));
        server.enqueue(reply("end_turn", 1500, 40, text("Changed greet() to return \"hello\" and noted it in docs/CHANGES.md.")));

        AgentOutcome outcome = run("Make greet return hello");

        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        assertThat(outcome.error()).isNull();
        assertThat(outcome.finalText()).startsWith("Changed greet()");
        assertThat(outcome.iterations()).isEqualTo(3);
        assertThat(outcome.usage()).isEqualTo(new Usage(3700, 170, 0, 0));
        assertThat(outcome.cost()).isCloseTo((3700 * 3 + 170 * 15) / 1_000_000.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Files.readString(repo.resolve("Hello.java"))).contains("return \"hello\";");
        assertThat(Files.readString(repo.resolve("docs/CHANGES.md"))).isEqualTo("- greet says hello\n");

        JsonNode first = nextRequest();
        assertThat(first.get("model").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(first.get("max_tokens").asInt()).isEqualTo(8192);
        assertThat(first.get("system").get(0).get("text").asText()).contains("acme/hello").contains("relative to the repository root")
                .contains("short summary");
        assertThat(first.get("tools").get(0).get("type").asText()).isEqualTo("text_editor_20250728");
        assertThat(first.get("tools").toString()).contains("\"name\":\"search\"").contains("\"name\":\"find_files\"");
        assertThat(first.get("messages").get(0).get("content").get(0).get("text").asText()).isEqualTo("Make greet return hello");

        JsonNode second = nextRequest();
        JsonNode results = lastMessage(second);
        assertThat(results.get("role").asText()).isEqualTo("user");
        assertThat(results.get("content").get(0).get("type").asText()).isEqualTo("tool_result");
        assertThat(results.get("content").get(0).get("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(results.get("content").get(0).get("content").asText()).contains("2:   String greet()");
        assertThat(second.get("messages").get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(second.get("messages").get(1).get("content").get(1).get("id").asText()).isEqualTo("toolu_1");

        JsonNode third = nextRequest();
        JsonNode both = lastMessage(third).get("content");
        assertThat(both).hasSize(2);
        assertThat(both.get(0).get("tool_use_id").asText()).isEqualTo("toolu_2");
        assertThat(both.get(0).get("content").asText()).contains("Successfully replaced text at exactly one location");
        assertThat(both.get(1).get("tool_use_id").asText()).isEqualTo("toolu_3");
        assertThat(both.get(0).has("is_error")).isFalse();

        assertThat(eventTypes()).containsExactly("start", "request", "response", "tool_call", "tool_result",
                "request", "response", "tool_call", "tool_result", "tool_call", "tool_result", "request", "response",
                "outcome");
    }

    @Test
    void cacheBreakpointsSitOnSystemAndTheConversationTail() throws Exception {
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_1", "command", "view", "path", "Hello.java")));
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_2", "command", "view", "path", "/")));
        server.enqueue(reply("end_turn", 10, 5, text("done")));
        run("look around");
        for (int i = 0; i < 3; i++) {
            JsonNode request = nextRequest();
            String json = request.toString();
            int breakpoints = json.split("\"cache_control\"", -1).length - 1;
            assertThat(breakpoints).isLessThanOrEqualTo(4);
            assertThat(request.get("system").get(0).get("cache_control").get("type").asText()).isEqualTo("ephemeral");
            JsonNode tail = lastMessage(request).get("content");
            assertThat(tail.get(tail.size() - 1).has("cache_control")).isTrue();
            if (i > 0) {
                // the previous request's tail keeps its breakpoint so this request reads what that one wrote
                JsonNode previousTail = request.get("messages").get(request.get("messages").size() - 3).get("content");
                assertThat(previousTail.get(previousTail.size() - 1).has("cache_control")).isTrue();
                assertThat(breakpoints).isEqualTo(3);
            }
        }
    }

    @Test
    void toolErrorsGoBackToTheModelAndTheLoopContinues() throws Exception {
        server.enqueue(reply("tool_use", 10, 5,
                toolUse("toolu_1", "command", "str_replace", "path", "Hello.java", "old_str", "nope", "new_str", "x"),
                toolUse("toolu_2", "command", "view", "path", "../../etc/passwd")));
        server.enqueue(reply("end_turn", 10, 5, text("gave up")));
        AgentOutcome outcome = run("break things");
        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        nextRequest();
        JsonNode results = lastMessage(nextRequest()).get("content");
        assertThat(results.get(0).get("is_error").asBoolean()).isTrue();
        assertThat(results.get(0).get("content").asText()).contains("No match found");
        assertThat(results.get(1).get("is_error").asBoolean()).isTrue();
        assertThat(results.get(1).get("content").asText()).contains("outside the repository checkout");
    }

    @Test
    void maxTokensWithACutOffToolCallTellsTheModel() throws Exception {
        server.enqueue(reply("max_tokens", 10, 8192, text("Writing the file now."),
                toolUse("toolu_cut", "command", "create", "path", "Big.java")));
        server.enqueue(reply("end_turn", 10, 5, text("done in parts")));
        AgentOutcome outcome = run("write a big file");
        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        assertThat(Files.exists(repo.resolve("Big.java"))).isFalse();
        nextRequest();
        JsonNode second = nextRequest();
        JsonNode assistant = second.get("messages").get(1);
        assertThat(assistant.toString()).doesNotContain("toolu_cut");
        JsonNode note = lastMessage(second);
        assertThat(note.get("role").asText()).isEqualTo("user");
        assertThat(note.get("content").get(0).get("text").asText()).contains("cut off (max_tokens)")
                .contains("str_replace_based_edit_tool").contains("was not run");
        assertThat(eventTypes()).contains("tool_use_truncated");
    }

    @Test
    void maxTokensInTextAsksToContinueAndIsBounded() throws Exception {
        agentSettings = new AgentSettings(200_000, 0.8, 4, 2, 20_000);
        for (int i = 0; i < 3; i++) {
            server.enqueue(reply("max_tokens", 10, 8192, text("very long text " + i)));
        }
        AgentOutcome outcome = run("ramble");
        assertThat(outcome.ending()).isEqualTo(Ending.FAILED);
        assertThat(outcome.error()).contains("stopped with max_tokens 3 times in a row").contains("Raise max_tokens (now 8192)");
        nextRequest();
        assertThat(lastMessage(nextRequest()).get("content").get(0).get("text").asText()).contains("Continue where you stopped");
    }

    @Test
    void pauseTurnIsSentBackUnchanged() throws Exception {
        server.enqueue(reply("pause_turn", 10, 5, text("thinking about it")));
        server.enqueue(reply("end_turn", 10, 5, text("finished")));
        AgentOutcome outcome = run("go");
        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        assertThat(outcome.finalText()).isEqualTo("finished");
        nextRequest();
        JsonNode last = lastMessage(nextRequest());
        assertThat(last.get("role").asText()).isEqualTo("assistant");
        assertThat(last.get("content").get(0).get("text").asText()).isEqualTo("thinking about it");
    }

    @Test
    void refusalEndsWithReason() throws Exception {
        server.enqueue(reply("refusal", 10, 5, text("I can't help with that.")));
        AgentOutcome outcome = run("do something bad");
        assertThat(outcome.ending()).isEqualTo(Ending.REFUSED);
        assertThat(outcome.error()).contains("declined").contains("I can't help with that.").contains("Rephrase");
    }

    @Test
    void iterationBudgetKeepsTheWorkSoFar() throws Exception {
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_1", "command", "create", "path", "a.txt", "file_text", "a\n")));
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_2", "command", "create", "path", "b.txt", "file_text", "b\n")));
        AgentOutcome outcome = agent().run(task("make files", JobType.CODE_PATTERN_UPDATE, new Limits(2, 0, 0)));
        assertThat(outcome.ending()).isEqualTo(Ending.BUDGET_EXHAUSTED);
        assertThat(outcome.error()).isEqualTo("Stopped after 2 model requests, the iteration budget (--max-iterations);"
                + " raise it to let the model finish");
        assertThat(outcome.iterations()).isEqualTo(2);
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
        assertThat(Files.readString(repo.resolve("b.txt"))).isEqualTo("b\n");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void tokenBudget() throws Exception {
        server.enqueue(reply("tool_use", 600, 100, toolUse("toolu_1", "command", "view", "path", "Hello.java")));
        server.enqueue(reply("tool_use", 700, 100, toolUse("toolu_2", "command", "view", "path", "Hello.java")));
        AgentOutcome outcome = agent().run(task("x", JobType.CODE_PATTERN_UPDATE, new Limits(30, 1000, 0)));
        assertThat(outcome.ending()).isEqualTo(Ending.BUDGET_EXHAUSTED);
        assertThat(outcome.error()).contains("Stopped after using 1500 tokens, over the token budget of 1000");
        assertThat(outcome.iterations()).isEqualTo(2);
    }

    @Test
    void costBudget() throws Exception {
        // 1M input tokens of Sonnet = $3
        server.enqueue(reply("tool_use", 1_000_000, 0, toolUse("toolu_1", "command", "view", "path", "Hello.java")));
        AgentOutcome outcome = agent().run(task("x", JobType.CODE_PATTERN_UPDATE, new Limits(30, 0, 2.5)));
        assertThat(outcome.ending()).isEqualTo(Ending.BUDGET_EXHAUSTED);
        assertThat(outcome.error()).contains("Stopped after spending $3.0000, over the cost budget of $2.5000");
        assertThat(outcome.cost()).isEqualTo(3.0);
    }

    @Test
    void oldToolResultsAreClearedNearTheContextWindow() throws Exception {
        agentSettings = AgentSettings.defaults().withContextWindow(10_000, 1);
        server.enqueue(reply("tool_use", 1000, 10, toolUse("toolu_1", "command", "view", "path", "Hello.java")));
        server.enqueue(reply("tool_use", 2000, 10, toolUse("toolu_2", "command", "view", "path", "Hello.java")));
        server.enqueue(reply("tool_use", 9000, 10, toolUse("toolu_3", "command", "view", "path", "Hello.java")));
        server.enqueue(reply("end_turn", 3000, 10, text("done")));
        AgentOutcome outcome = run("look three times");
        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        nextRequest();
        nextRequest();
        JsonNode third = nextRequest();
        assertThat(third.toString()).doesNotContain("cleared");
        JsonNode fourth = nextRequest();
        JsonNode messages = fourth.get("messages");
        assertThat(messages.get(2).get("content").get(0).get("content").asText()).isEqualTo(MessageHistory.CLEARED_NOTE);
        assertThat(messages.get(4).get("content").get(0).get("content").asText()).isEqualTo(MessageHistory.CLEARED_NOTE);
        assertThat(messages.get(6).get("content").get(0).get("content").asText()).contains("String greet()");
        JsonNode cleared = events().stream().filter(e -> e.get("event").asText().equals("context_cleared")).findFirst()
                .orElseThrow();
        assertThat(cleared.get("cleared").asInt()).isEqualTo(2);
        assertThat(cleared.get("tool_use_ids").toString()).isEqualTo("[\"toolu_1\",\"toolu_2\"]");
    }

    @Test
    void contextWindowStopClearsAndContinues() throws Exception {
        agentSettings = AgentSettings.defaults().withContextWindow(200_000, 0);
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_1", "command", "view", "path", "Hello.java")));
        server.enqueue(reply("model_context_window_exceeded", 10, 5, text("Halfway through my answer")));
        server.enqueue(reply("end_turn", 10, 5, text("done")));
        AgentOutcome outcome = run("x");
        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        nextRequest();
        nextRequest();
        JsonNode third = nextRequest();
        assertThat(third.get("messages").get(2).get("content").get(0).get("content").asText()).isEqualTo(MessageHistory.CLEARED_NOTE);
        assertThat(lastMessage(third).get("content").get(0).get("text").asText())
                .contains("cut off (model_context_window_exceeded)");
    }

    @Test
    void missingCheckoutFailsCleanly() throws Exception {
        AgentOutcome outcome = agent().run(new AgentTask("acme/gone", tmp.resolve("nowhere"), "x",
                JobType.CODE_PATTERN_UPDATE, Limits.defaults(), transcript));
        assertThat(outcome.ending()).isEqualTo(Ending.FAILED);
        assertThat(outcome.error()).contains("cannot be used");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void promptTooLongClearsOnceThenFails() throws Exception {
        agentSettings = AgentSettings.defaults().withContextWindow(200_000, 0);
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_1", "command", "view", "path", "Hello.java")));
        String tooLong = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 250000 tokens > 200000 maximum\"}}";
        server.enqueue(new MockResponse.Builder().code(400).body(tooLong).build());
        server.enqueue(new MockResponse.Builder().code(400).body(tooLong).build());
        AgentOutcome outcome = run("x");
        assertThat(outcome.ending()).isEqualTo(Ending.FAILED);
        assertThat(outcome.error()).contains("no longer fits model claude-sonnet-4-6's context window")
                .contains("Old tool results had already been cleared");
        assertThat(server.getRequestCount()).isEqualTo(3);
        nextRequest();
        nextRequest();
        assertThat(lastMessage(nextRequest()).get("content").get(0).get("content").asText()).isEqualTo(MessageHistory.CLEARED_NOTE);
        assertThat(eventTypes()).contains("context_cleared", "error");
    }

    @Test
    void inJenkinsTheBudgetMessageNamesTheStepOption() throws Exception {
        agentSettings = AgentSettings.defaults().withHost(io.jenkins.plugins.codybatch.engine.Host.JENKINS);
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_1", "command", "create", "path", "a.txt", "file_text", "a\n")));
        AgentOutcome outcome = agent().run(task("make files", JobType.CODE_PATTERN_UPDATE, new Limits(1, 0, 0)));
        assertThat(outcome.error()).contains("the iteration budget (maxIterations); raise it");
    }

    @Test
    void aPromptTooLongOnTheFirstTurnDoesNotClaimAnythingWasCleared() throws Exception {
        String tooLong = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 250000 tokens > 200000 maximum\"}}";
        server.enqueue(new MockResponse.Builder().code(400).body(tooLong).build());
        AgentOutcome outcome = run("x".repeat(10));
        assertThat(outcome.ending()).isEqualTo(Ending.FAILED);
        assertThat(outcome.error()).contains("no longer fits").doesNotContain("cleared");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void apiFailureIsAFailedOutcomeWithoutTheKey() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401)
                .body("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + KEY + "\"}}")
                .build());
        AgentOutcome outcome = run("x");
        assertThat(outcome.ending()).isEqualTo(Ending.FAILED);
        assertThat(outcome.error()).contains("rejected the API key").doesNotContain(KEY);
        assertThat(Files.readString(transcript)).contains("\"event\":\"error\"").contains("AUTHENTICATION").doesNotContain(KEY);
    }

    @Test
    void retriesAreRecordedInTheTranscript() throws Exception {
        server.enqueue(new MockResponse.Builder().code(529).addHeader("retry-after-ms", "5")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}").build());
        server.enqueue(reply("end_turn", 10, 5, text("ok")));
        assertThat(run("x").ending()).isEqualTo(Ending.DONE);
        JsonNode retry = events().stream().filter(e -> e.get("event").asText().equals("retry")).findFirst().orElseThrow();
        assertThat(retry.get("status").asInt()).isEqualTo(529);
        assertThat(retry.get("reason").asText()).isEqualTo("overloaded_error");
        assertThat(retry.get("delay_ms").asLong()).isEqualTo(5);
        assertThat(sleeps).containsExactly(Duration.ofMillis(5));
    }

    @Test
    void transcriptRecordsTheConversationAndMasksSecrets() throws Exception {
        Files.writeString(repo.resolve("config.properties"), "api.key=" + KEY + "\n");
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_1", "command", "view", "path", "config.properties")));
        server.enqueue(reply("end_turn", 10, 5, text("The key is " + KEY)));
        AgentOutcome outcome = run("Find where " + KEY + " is used");
        assertThat(outcome.finalText()).isEqualTo("The key is ****").doesNotContain(KEY);
        String all = Files.readString(transcript);
        assertThat(all).doesNotContain(KEY).contains("****");
        List<JsonNode> events = events();
        for (JsonNode event : events) {
            assertThat(event.has("time")).isTrue();
        }
        JsonNode request = events.get(1);
        assertThat(request.get("new_messages").get(0).get("content").get(0).get("text").asText()).isEqualTo("Find where **** is used");
        JsonNode response = events.get(2);
        assertThat(response.get("request_id").asText()).isEqualTo("req_tool_use");
        assertThat(response.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(response.get("usage").get("input_tokens").asLong()).isEqualTo(10);
        assertThat(response.has("duration_ms")).isTrue();
        assertThat(response.get("content").get(0).get("name").asText()).isEqualTo(TextEditorTool.NAME);
        JsonNode toolResult = events.get(4);
        assertThat(toolResult.get("event").asText()).isEqualTo("tool_result");
        assertThat(toolResult.get("content").asText()).isEqualTo("1: api.key=****\n");
        JsonNode outcomeEvent = events.get(events.size() - 1);
        assertThat(outcomeEvent.get("event").asText()).isEqualTo("outcome");
        assertThat(outcomeEvent.get("ending").asText()).isEqualTo("DONE");
        assertThat(outcomeEvent.get("usage").get("output_tokens").asLong()).isEqualTo(10);
    }

    @Test
    void extraSecretsAreMaskedToo() throws Exception {
        String token = "ghp_githubTokenValue1234567890";
        ClaudeSettings settings = ClaudeSettings.defaults().withBaseUrl(server.url("/").toString());
        ClaudeClient client = new ClaudeClient(settings, KEY, ClaudeClient.defaultHttpClient(settings), sleeps::add);
        ClaudeAgent agent = new ClaudeAgent(client, PriceTable.defaults(), agentSettings,
                client.redactor().plus(List.of(token)));
        server.enqueue(reply("end_turn", 10, 5, text("token " + token)));
        agent.run(task("use " + token, JobType.CODE_PATTERN_UPDATE, Limits.defaults()));
        assertThat(Files.readString(transcript)).doesNotContain(token).doesNotContain(KEY);
    }

    @Test
    void analysisJobsGetReadOnlyTools() throws Exception {
        server.enqueue(reply("tool_use", 10, 5,
                toolUse("toolu_1", "command", "create", "path", "evil.txt", "file_text", "x")));
        server.enqueue(reply("end_turn", 10, 5, text("Hello.java has one method.")));
        AgentOutcome outcome = agent().run(task("describe", JobType.ANALYSIS, Limits.defaults()));
        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        assertThat(outcome.finalText()).isEqualTo("Hello.java has one method.");
        assertThat(Files.exists(repo.resolve("evil.txt"))).isFalse();
        assertThat(nextRequest().get("system").get(0).get("text").asText()).contains("read-only analysis");
        JsonNode result = lastMessage(nextRequest()).get("content").get(0);
        assertThat(result.get("is_error").asBoolean()).isTrue();
        assertThat(result.get("content").asText()).contains("read-only analysis job");
    }

    @Test
    void unknownModelPriceIsANoteNotACrash() throws Exception {
        ClaudeSettings settings = ClaudeSettings.defaults().withBaseUrl(server.url("/").toString()).withModel("gateway-model");
        ClaudeClient client = new ClaudeClient(settings, KEY, ClaudeClient.defaultHttpClient(settings), sleeps::add);
        server.enqueue(reply("end_turn", 10, 5, text("ok")));
        AgentOutcome outcome = new ClaudeAgent(client, PriceTable.defaults(), agentSettings, client.redactor())
                .run(task("x", JobType.CODE_PATTERN_UPDATE, Limits.defaults()));
        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        assertThat(outcome.cost()).isZero();
        assertThat(Files.readString(transcript)).contains("\"event\":\"cost_note\"").contains("gateway-model");
    }

    @Test
    void interruptStopsTheLoopQuicklyAndKeepsTheTranscript() throws Exception {
        server.enqueue(reply("tool_use", 10, 5, toolUse("toolu_1", "command", "create", "path", "a.txt", "file_text", "a\n")));
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                agent().run(task("x", JobType.CODE_PATTERN_UPDATE, Limits.defaults()));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.start();
        server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull(); // the second request is hanging now
        long start = System.nanoTime();
        worker.interrupt();
        worker.join(5000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
        assertThat(eventTypes()).endsWith("request", "cancelled");
    }

    @Test
    void unusableTranscriptLocationFailsCleanly() throws Exception {
        Files.writeString(tmp.resolve("file"), "x");
        AgentOutcome outcome = agent().run(new AgentTask("acme/hello", repo, "x", JobType.CODE_PATTERN_UPDATE,
                Limits.defaults(), tmp.resolve("file/transcript.jsonl")));
        assertThat(outcome.ending()).isEqualTo(Ending.FAILED);
        assertThat(outcome.error()).contains("Cannot write the transcript");
    }
}
