package io.jenkins.plugins.codybatch.engine.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import io.jenkins.plugins.codybatch.cli.FakeMessageBatches;
import io.jenkins.plugins.codybatch.cli.FakeMessageBatches.Entry;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome.Ending;
import io.jenkins.plugins.codybatch.engine.agent.AgentSettings;
import io.jenkins.plugins.codybatch.engine.agent.AgentTask;
import io.jenkins.plugins.codybatch.engine.agent.ClaudeAgent;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tool-loop conversations sending their turns through the Message Batches API to a fake of its endpoints
 * ({@link FakeMessageBatches}: create, retrieve, results JSONL, cancel; errored and expired entries) in front of
 * the fake model ({@link FakeAnthropic}: one edit turn, then end_turn).
 */
class BatchApiTest {

    static final String KEY = "sk-ant-api03-batch-api-key-0123456789";

    @TempDir
    Path tmp;

    final FakeAnthropic model = new FakeAnthropic(KEY);
    final FakeMessageBatches api = new FakeMessageBatches(model, KEY);
    final MockWebServer server = new MockWebServer();
    MessageBatcher.Settings batching = new MessageBatcher.Settings(Duration.ofMillis(300), Duration.ofSeconds(5),
            Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(30));

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(api);
        server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    BatchedMessages sender() {
        ClaudeSettings settings = ClaudeSettings.defaults().withBaseUrl(server.url("/").toString())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withRetries(3, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50));
        ClaudeClient client = new ClaudeClient(settings, KEY);
        return new BatchedMessages(client, new MessageBatcher(client, batching));
    }

    Path checkout(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("README.md"), "Hello from " + name + "\n");
        return dir;
    }

    /** Runs one conversation per repository, all at once, through the same sender. */
    List<AgentOutcome> runAll(MessageSender sender, String... repositories) throws Exception {
        ClaudeAgent agent = new ClaudeAgent(sender, PriceTable.defaults(), AgentSettings.defaults(), Redactor.of(KEY));
        ExecutorService pool = Executors.newFixedThreadPool(repositories.length);
        try {
            List<Future<AgentOutcome>> futures = new ArrayList<>();
            for (String repository : repositories) {
                Path checkout = checkout(repository.replace('/', '_'));
                futures.add(pool.submit(() -> agent.run(new AgentTask(repository, checkout, "Greet Cody",
                        JobType.CODE_PATTERN_UPDATE, Limits.defaults(), tmp.resolve(repository.replace('/', '_') + ".jsonl")))));
            }
            List<AgentOutcome> outcomes = new ArrayList<>();
            for (Future<AgentOutcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    List<JsonNode> transcript(String repository) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve(repository.replace('/', '_') + ".jsonl"))) {
            events.add(Json.MAPPER.readTree(line));
        }
        return events;
    }

    static double fullPrice(AgentOutcome outcome) {
        return PriceTable.defaults().cost(FakeAnthropic.MODEL, outcome.usage()).dollars();
    }

    @Test
    void eachTurnOfConcurrentConversationsGoesInOneBatchAtHalfThePrice() throws Exception {
        List<AgentOutcome> outcomes = runAll(sender(), "acme/a", "acme/b", "acme/c");

        assertThat(outcomes).extracting(AgentOutcome::ending).containsOnly(Ending.DONE);
        for (String name : List.of("acme_a", "acme_b", "acme_c")) {
            assertThat(tmp.resolve(name).resolve("README.md")).content().startsWith("Hello, Cody from");
            assertThat(tmp.resolve(name).resolve("NOTES.md")).exists();
        }
        // Turn 1 of all three in one batch, then turn 2 of all three; nothing sent directly.
        assertThat(api.created).hasSize(2);
        assertThat(api.created).allSatisfy(batch -> assertThat(batch.requests).hasSize(3));
        assertThat(api.direct.get()).isZero();
        assertThat(api.resultAcceptHeaders).containsOnly("application/binary");
        // The bodies went in unchanged: cache breakpoints on the system prompt and the newest block.
        JsonNode params = api.created.get(1).requests.get(0).get("params");
        assertThat(params.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
        JsonNode lastMessage = params.get("messages").get(params.get("messages").size() - 1);
        JsonNode lastBlock = lastMessage.get("content").get(lastMessage.get("content").size() - 1);
        assertThat(lastBlock.at("/cache_control/type").asText()).isEqualTo("ephemeral");
        // Half the price of the same usage sent directly, and the transcript names the batch.
        for (AgentOutcome outcome : outcomes) {
            assertThat(outcome.cost()).isCloseTo(fullPrice(outcome) / 2, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(outcome.cost()).isPositive();
        }
        assertThat(transcript("acme/a")).filteredOn(e -> e.path("event").asText().equals("response"))
                .allSatisfy(e -> assertThat(e.path("batch_id").asText()).startsWith("msgbatch_"));
    }

    @Test
    void erroredAndExpiredEntriesAreSentAsDirectRequests() throws Exception {
        api.entry("acme/overloaded", Entry.ERRORED_OVERLOADED).entry("acme/expired", Entry.EXPIRED);

        List<AgentOutcome> outcomes = runAll(sender(), "acme/overloaded", "acme/expired", "acme/fine");

        assertThat(outcomes).extracting(AgentOutcome::ending).containsOnly(Ending.DONE);
        assertThat(api.direct.get()).isEqualTo(4); // two turns each of the two whose entries failed
        assertThat(outcomes.get(0).cost()).isCloseTo(fullPrice(outcomes.get(0)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(outcomes.get(2).cost()).isCloseTo(fullPrice(outcomes.get(2)) / 2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(transcript("acme/overloaded")).filteredOn(e -> e.path("event").asText().equals("batch"))
                .first().satisfies(e -> assertThat(e.path("note").asText())
                        .contains("direct request").contains("errored (overloaded_error: Overloaded)"));
        assertThat(transcript("acme/expired")).filteredOn(e -> e.path("event").asText().equals("batch"))
                .first().satisfies(e -> assertThat(e.path("note").asText()).contains("ended expired"));
    }

    @Test
    void anInvalidRequestFailsWithTheSameMessageAsADirectOne() throws Exception {
        model.mode("acme/bad", FakeAnthropic.Mode.BAD_REQUEST);

        List<AgentOutcome> outcomes = runAll(sender(), "acme/bad", "acme/good");

        assertThat(outcomes.get(0).ending()).isEqualTo(Ending.FAILED);
        assertThat(outcomes.get(0).error()).contains("400 invalid_request_error")
                .contains("messages.0.content: Input should be a valid list");
        assertThat(outcomes.get(1).ending()).isEqualTo(Ending.DONE);
    }

    @Test
    void aTurnPastItsDeadlineAndTheRestOfItsConversationGoDirectlyAndTheBatchIsCancelled() throws Exception {
        api.hold(true);
        batching = new MessageBatcher.Settings(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(800));

        List<AgentOutcome> outcomes = runAll(sender(), "acme/late");

        assertThat(outcomes.get(0).ending()).isEqualTo(Ending.DONE);
        assertThat(api.created).hasSize(1); // the second turn was not batched again
        assertThat(api.cancels()).isEqualTo(1);
        assertThat(api.direct.get()).isEqualTo(2);
        assertThat(outcomes.get(0).cost()).isCloseTo(fullPrice(outcomes.get(0)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(transcript("acme/late")).filteredOn(e -> e.path("event").asText().equals("batch"))
                .singleElement().satisfies(e -> assertThat(e.path("note").asText())
                        .contains("No batch result within the turn deadline of 800 ms"));
    }

    @Test
    void anAddressWithoutTheBatchesApiFallsBackToDirectRequests() throws Exception {
        server.setDispatcher(new mockwebserver3.Dispatcher() { // a gateway that only serves /v1/messages
            @Override
            public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) throws InterruptedException {
                return request.getUrl().encodedPath().startsWith("/v1/messages/batches")
                        ? new mockwebserver3.MockResponse.Builder().code(404).addHeader("content-type", "application/json")
                                .body("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"Not found\"}}")
                                .build()
                        : api.dispatch(request);
            }
        });

        List<AgentOutcome> outcomes = runAll(sender(), "acme/gateway");

        assertThat(outcomes.get(0).ending()).isEqualTo(Ending.DONE);
        assertThat(api.direct.get()).isEqualTo(2);
        assertThat(transcript("acme/gateway")).filteredOn(e -> e.path("event").asText().equals("batch"))
                .first().satisfies(e -> assertThat(e.path("note").asText())
                        .contains("the message batch could not be created").contains("404 not_found_error"));
    }

    @Test
    void cancellingTheRunCancelsTheBatchItsConversationsWaitOn() throws Exception {
        api.hold(true);
        ClaudeAgent agent = new ClaudeAgent(sender(), PriceTable.defaults(), AgentSettings.defaults(), Redactor.of(KEY));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (String name : List.of("one", "two")) {
            Path checkout = checkout(name);
            Thread thread = new Thread(() -> {
                try {
                    agent.run(new AgentTask("acme/" + name, checkout, "Greet Cody", JobType.CODE_PATTERN_UPDATE,
                            Limits.defaults(), tmp.resolve(name + ".jsonl")));
                } catch (Throwable t) {
                    thrown.add(t);
                }
            });
            thread.start();
            threads.add(thread);
        }
        while (api.created.isEmpty()) {
            Thread.sleep(10);
        }
        assertThat(api.created.get(0).requests).hasSize(2);
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(thrown).hasSize(2).allSatisfy(t -> assertThat(t).isInstanceOf(InterruptedException.class));
        // interrupted while the batch was being created, the batcher's own thread cancels it once it exists
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (api.cancels() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(api.cancels()).isEqualTo(1);
        assertThat(api.direct.get()).isZero();
    }
}
