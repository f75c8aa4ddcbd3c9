package io.jenkins.plugins.codybatch.engine.verify;

import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.reply;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.text;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome.Ending;
import io.jenkins.plugins.codybatch.engine.agent.AgentSettings;
import io.jenkins.plugins.codybatch.engine.agent.AgentTask;
import io.jenkins.plugins.codybatch.engine.agent.ClaudeAgent;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeClient;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeSettings;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool loop with a real verify command in a real checkout, against a fake Messages API scripting the repair. */
class RepairLoopTest {

    static final String KEY = "sk-ant-api03-REPAIR-secret-key-16180339";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ORIGINAL = "class Hello {\n  String greet() { return \"hi\"; }\n}\n";
    /** The "build": Hello.java must say hello, and must not keep a TODO. */
    static final String CHECK = "grep -q hello Hello.java || { echo 'ERROR: Hello.java: greet() must return hello';"
            + " exit 1; }; if grep -n TODO Hello.java; then echo 'FAILED: Hello.java still has a TODO'; exit 2; fi;"
            + " echo 'BUILD OK'";

    @TempDir
    Path tmp;

    MockWebServer server;
    Path repo;
    Path transcript;

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start(0);
        repo = Files.createDirectories(tmp.resolve("checkout"));
        Files.writeString(repo.resolve("Hello.java"), ORIGINAL);
        transcript = tmp.resolve("out/transcript.jsonl");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    RepositoryCheck check(int repairs) {
        return new RepositoryCheck(new VerifyOptions(CHECK, repairs, 30, false),
                new CheckRunner(Map.of("ANTHROPIC_API_KEY", KEY), Redactor.of(KEY)),
                repo, () -> !Files.readString(repo.resolve("Hello.java")).equals(ORIGINAL));
    }

    AgentOutcome run(RepositoryCheck check, Limits limits) throws Exception {
        ClaudeSettings settings = ClaudeSettings.defaults().withBaseUrl(server.url("/").toString())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30));
        ClaudeClient client = new ClaudeClient(settings, KEY, ClaudeClient.defaultHttpClient(settings), d -> { });
        return new ClaudeAgent(client, PriceTable.defaults(), AgentSettings.defaults(), client.redactor())
                .run(new AgentTask("acme/hello", repo, "Make greet return hello", JobType.CODE_PATTERN_UPDATE, limits,
                        transcript, check));
    }

    static mockwebserver3.MockResponse edit(String id, String from, String to) {
        return reply("tool_use", 1000, 50, toolUse(id, "command", "str_replace", "path", "Hello.java", "old_str", from,
                "new_str", to));
    }

    List<JsonNode> requests(int count) throws Exception {
        List<JsonNode> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(MAPPER.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()));
        }
        return requests;
    }

    List<JsonNode> events(String type) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(transcript)) {
            JsonNode event = MAPPER.readTree(line);
            if (event.get("event").asText().equals(type)) {
                events.add(event);
            }
        }
        return events;
    }

    static String lastUserText(JsonNode request) {
        JsonNode messages = request.get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.get("role").asText()).isEqualTo("user");
        return last.get("content").get(0).get("text").asText();
    }

    @Test
    void aFailingCheckGoesBackToTheModelWhichRepairsItAndTheRepairTokensAreCountedApart() throws Exception {
        server.enqueue(edit("toolu_1", "\"hi\"", "\"hello\" /* TODO tidy */"));
        server.enqueue(reply("end_turn", 1100, 20, text("Done.")));
        server.enqueue(edit("toolu_2", " /* TODO tidy */", ""));
        server.enqueue(reply("end_turn", 1300, 30, text("Removed the TODO; greet() returns hello.")));
        RepositoryCheck check = check(2);

        AgentOutcome outcome = run(check, Limits.defaults());

        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        assertThat(outcome.finalText()).isEqualTo("Removed the TODO; greet() returns hello.");
        assertThat(outcome.iterations()).isEqualTo(4);
        assertThat(outcome.repairs().iterations()).isEqualTo(2);
        assertThat(outcome.repairs().usage()).isEqualTo(new Usage(2300, 80, 0, 0));
        assertThat(outcome.usage()).isEqualTo(new Usage(4400, 150, 0, 0));
        assertThat(outcome.repairs().cost()).isPositive().isLessThan(outcome.cost());
        assertThat(Files.readString(repo.resolve("Hello.java"))).contains("return \"hello\";").doesNotContain("TODO");

        List<JsonNode> requests = requests(4);
        String feedback = lastUserText(requests.get(2));
        assertThat(feedback).contains("`" + CHECK + "`", "exited with code 2",
                "2:  String greet() { return \"hello\" /* TODO tidy */; }", "FAILED: Hello.java still has a TODO",
                "This is repair 1 of 2");
        // the model's own end-of-turn reply stays in the conversation before the feedback
        JsonNode messages = requests.get(2).get("messages");
        assertThat(messages.get(messages.size() - 2).get("content").get(0).get("text").asText()).isEqualTo("Done.");

        List<JsonNode> runs = events("verification");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("passed").asBoolean()).isFalse();
        assertThat(runs.get(0).get("exit_code").asInt()).isEqualTo(2);
        assertThat(runs.get(0).get("attempt").asInt()).isEqualTo(1);
        assertThat(runs.get(0).get("command").asText()).isEqualTo(CHECK);
        assertThat(runs.get(0).get("duration_ms").asLong()).isNotNegative();
        assertThat(runs.get(1).get("passed").asBoolean()).isTrue();
        assertThat(runs.get(1).get("output_tail").asText()).isEqualTo("BUILD OK");
        assertThat(events("outcome").get(0).get("repairs").get("iterations").asInt()).isEqualTo(2);

        Verification verification = check.result(outcome.repairs());
        assertThat(verification.passed()).isTrue();
        assertThat(verification.attempts()).isEqualTo(2);
        assertThat(verification.exitCode()).isZero();
        assertThat(verification.outputTail()).isEqualTo("BUILD OK");
        assertThat(verification.repairIterations()).isEqualTo(2);
        assertThat(verification.repairUsage()).isEqualTo(new Usage(2300, 80, 0, 0));
    }

    @Test
    void aCheckThatNeverPassesEndsAfterTheRepairAttemptsWithTheFailureNamed() throws Exception {
        server.enqueue(edit("toolu_1", "\"hi\"", "\"hey\""));
        server.enqueue(reply("end_turn", 100, 10, text("Done.")));
        server.enqueue(reply("end_turn", 100, 10, text("I do not see what is wrong.")));
        RepositoryCheck check = check(1);

        AgentOutcome outcome = run(check, Limits.defaults());

        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        assertThat(outcome.iterations()).isEqualTo(3);
        assertThat(check.passed()).isFalse();
        Verification verification = check.result(outcome.repairs());
        assertThat(verification.attempts()).isEqualTo(2);
        assertThat(verification.exitCode()).isEqualTo(1);
        assertThat(verification.repairIterations()).isEqualTo(1);
        assertThat(check.failure()).isEqualTo("Verification failed: `" + CHECK + "` exited with code 1 (2 runs)."
                + " First failing lines: ERROR: Hello.java: greet() must return hello");
        assertThat(events("verification")).hasSize(2);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void repairTurnsStayWithinTheIterationBudget() throws Exception {
        server.enqueue(edit("toolu_1", "\"hi\"", "\"hey\""));
        server.enqueue(reply("end_turn", 100, 10, text("Done.")));
        server.enqueue(reply("end_turn", 100, 10, text("Still done.")));
        server.enqueue(reply("end_turn", 100, 10, text("never asked for")));
        RepositoryCheck check = check(5);

        AgentOutcome outcome = run(check, new Limits(3, 0, 0));

        assertThat(outcome.ending()).isEqualTo(Ending.BUDGET_EXHAUSTED);
        assertThat(outcome.iterations()).isEqualTo(3);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(check.result(outcome.repairs()).attempts()).isEqualTo(2);
        assertThat(check.passed()).isFalse();
    }

    @Test
    void repairTurnsStayWithinTheTokenBudget() throws Exception {
        server.enqueue(edit("toolu_1", "\"hi\"", "\"hey\""));
        server.enqueue(reply("end_turn", 1000, 10, text("Done.")));
        RepositoryCheck check = check(2);

        AgentOutcome outcome = run(check, new Limits(30, 2000, 0));

        assertThat(outcome.ending()).isEqualTo(Ending.BUDGET_EXHAUSTED);
        assertThat(outcome.error()).contains("token budget");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(check.result(outcome.repairs()).attempts()).isEqualTo(1);
    }

    @Test
    void noChangeMeansNoCheck() throws Exception {
        server.enqueue(reply("end_turn", 100, 10, text("Nothing to do.")));
        RepositoryCheck check = check(2);

        AgentOutcome outcome = run(check, Limits.defaults());

        assertThat(outcome.ending()).isEqualTo(Ending.DONE);
        assertThat(check.ran()).isFalse();
        assertThat(check.result(outcome.repairs())).isNull();
        assertThat(events("verification")).isEmpty();
    }
}
