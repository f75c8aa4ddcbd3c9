package io.jenkins.plugins.codybatch.engine.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.repo.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many workers, each with its own {@link ClaudeClient}, sharing one {@link RateLimiter}, against a fake Messages API
 * on MockWebServer that enforces an input-tokens-per-minute limit the way api.anthropic.com does.
 */
class SharedRateLimitTest {

    static final String KEY = "sk-ant-api03-shared-limit-key-0123456789";
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Answers every request; the usage bills a token per four request bytes, as the limit in front of it counts. */
    static final class Echo extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            ObjectNode body = MAPPER.createObjectNode().put("id", "msg_1").put("type", "message")
                    .put("role", "assistant").put("model", "claude-sonnet-4-6").put("stop_reason", "end_turn");
            body.putNull("stop_sequence");
            body.putArray("content").addObject().put("type", "text").put("text", "ok");
            body.putObject("usage").put("input_tokens", request.getBodySize() / 4).put("output_tokens", 3)
                    .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
            return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                    .addHeader("request-id", "req_011CVshared").body(body.toString()).build();
        }
    }

    MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ClaudeSettings settings() {
        return ClaudeSettings.defaults().withBaseUrl(server.url("/").toString())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** About 100 input tokens. */
    static ObjectNode body(int worker, int turn) {
        ObjectNode body = MAPPER.createObjectNode().put("model", "claude-sonnet-4-6").put("max_tokens", 100);
        body.putArray("messages").addObject().put("role", "user")
                .put("content", "worker " + worker + " turn " + turn + " " + "x".repeat(300));
        return body;
    }

    @Test
    void workersSharingOneLimiterStayWithinATokensPerMinuteLimit() throws Exception {
        // 60,000 input tokens a minute = 1,000 a second; 2,000 in the bucket at the start: room for 20 requests of
        // the 40 sent, the rest must be spaced at about 10 a second.
        RateLimitedApi api = new RateLimitedApi(new Echo(), 60_000, 2_000, r -> r.getBodySize() / 4, 20);
        server.setDispatcher(api);
        RateLimiter limiter = new RateLimiter();
        List<String> retries = new CopyOnWriteArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                ClaudeClient client = new ClaudeClient(settings(), KEY, ClaudeClient.defaultHttpClient(settings()),
                        Sleeper.REAL, limiter);
                results.add(workers.submit(() -> {
                    int ok = 0;
                    for (int turn = 0; turn < 5; turn++) {
                        ClaudeResponse response = client.createMessage(body(worker, turn),
                                (attempt, status, reason, delay) -> retries.add(status + " " + reason));
                        ok += response.stopReason().equals("end_turn") ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> result : results) {
                ok += result.get();
            }
            assertThat(ok).isEqualTo(40);
        } finally {
            workers.shutdownNow();
        }
        assertThat(api.admitted()).isEqualTo(40);
        // Without the limiter the 40 arrive together and about 20 are refused; with it, the budget is read from the
        // headers and the rest are spaced, so the API refuses at most a stray one.
        assertThat(api.rateLimited()).as("429s; retries: %s", retries).isLessThanOrEqualTo(2);
        assertThat(limiter.stats().delayedRequests()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void workersEachOnTheirOwnAreRefusedOften() throws Exception {
        RateLimitedApi api = new RateLimitedApi(new Echo(), 60_000, 2_000, r -> r.getBodySize() / 4, 20);
        server.setDispatcher(api);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                // Each worker on its own, as before the shared limiter; its backoff is recorded, not slept.
                ClaudeClient client = new ClaudeClient(settings(), KEY, ClaudeClient.defaultHttpClient(settings()),
                        sleeps::add, new RateLimiter());
                results.add(workers.submit(() -> {
                    for (int turn = 0; turn < 5; turn++) {
                        try {
                            client.createMessage(body(worker, turn), RetryListener.NONE);
                        } catch (ClaudeApiException e) {
                            // refused for good: counted by the fake
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(api.rateLimited()).isGreaterThan(2);
    }

    @Test
    void a429ToOneWorkerHoldsBackTheOthersUntilItsRetryAfter() throws Exception {
        FakeTime clock = new FakeTime();
        RateLimiter limiter = new RateLimiter(clock);
        List<Duration> firstSleeps = new ArrayList<>();
        List<Duration> secondSleeps = new ArrayList<>();
        ClaudeClient first = new ClaudeClient(settings(), KEY, ClaudeClient.defaultHttpClient(settings()),
                firstSleeps::add, limiter);
        ClaudeClient second = new ClaudeClient(settings(), KEY, ClaudeClient.defaultHttpClient(settings()),
                secondSleeps::add, limiter);
        server.enqueue(new MockResponse.Builder().code(429).addHeader("content-type", "application/json")
                .addHeader("retry-after", "20")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}").build());
        String ok = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
        server.enqueue(new MockResponse.Builder().code(200).body(ok).build());
        server.enqueue(new MockResponse.Builder().code(200).body(ok).build());

        first.createMessage(body(1, 0), RetryListener.NONE); // 429, waits its retry-after, then succeeds
        clock.advance(Duration.ofSeconds(5));
        second.createMessage(body(2, 0), RetryListener.NONE);

        assertThat(firstSleeps).containsExactly(Duration.ofSeconds(20));
        assertThat(secondSleeps).containsExactly(Duration.ofSeconds(15));
        assertThat(limiter.stats().rateLimited()).isEqualTo(1);
    }
}
