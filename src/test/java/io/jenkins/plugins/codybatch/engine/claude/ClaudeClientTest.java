package io.jenkins.plugins.codybatch.engine.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeApiException.Kind;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClaudeClientTest {

    static final String KEY = "sk-ant-api03-SECRET-test-key-0123456789";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String OK_BODY = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":12,\"output_tokens\":5,\"cache_creation_input_tokens\":100,"
            + "\"cache_read_input_tokens\":200}}";

    MockWebServer server;
    List<Duration> sleeps = new ArrayList<>();
    List<String> retries = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ClaudeSettings settings() {
        return ClaudeSettings.defaults().withBaseUrl(server.url("/").toString())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700))
                .withRetries(4, Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    ClaudeClient client(ClaudeSettings settings) {
        return new ClaudeClient(settings, KEY, ClaudeClient.defaultHttpClient(settings), sleeps::add);
    }

    ClaudeClient client() {
        return client(settings());
    }

    static ObjectNode body() {
        ObjectNode body = MAPPER.createObjectNode().put("model", "claude-sonnet-4-6").put("max_tokens", 100);
        body.putArray("messages").addObject().put("role", "user").put("content", "hello");
        return body;
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("content-type", "application/json")
                .addHeader("request-id", "req_0123").body(body).build();
    }

    static MockResponse error(int code, String type, String message) {
        return json(code, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
                + "\"},\"request_id\":\"req_body\"}");
    }

    ClaudeApiException fail(ClaudeClient client) {
        ClaudeApiException e = catchThrowableOfType(ClaudeApiException.class,
                () -> client.createMessage(body(), (a, s, r, d) -> retries.add(s + ":" + r)));
        assertThat(e).as("expected a ClaudeApiException").isNotNull();
        assertThat(e.getMessage()).doesNotContain(KEY);
        return e;
    }

    @Test
    void sendsHeadersAndParsesResponse() throws Exception {
        server.enqueue(json(200, OK_BODY));
        ClaudeResponse response = client().createMessage(body(), RetryListener.NONE);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.getHeaders().get("content-type")).startsWith("application/json");
        assertThat(MAPPER.readTree(request.getBody().utf8()).get("max_tokens").asInt()).isEqualTo(100);
        assertThat(response.stopReason()).isEqualTo("end_turn");
        assertThat(response.requestId()).isEqualTo("req_0123");
        assertThat(response.usage().inputTokens()).isEqualTo(12);
        assertThat(response.usage().cacheCreationInputTokens()).isEqualTo(100);
        assertThat(response.usage().cacheReadInputTokens()).isEqualTo(200);
        assertThat(response.usage().outputTokens()).isEqualTo(5);
        assertThat(response.attempts()).isEqualTo(1);
    }

    @Test
    void invalidKeyFailsAtOnceWithTheFix() {
        server.enqueue(error(401, "authentication_error", "invalid x-api-key"));
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.requestId()).isEqualTo("req_0123");
        assertThat(e.affectsWholeBatch()).isTrue();
        assertThat(e.getMessage()).contains("rejected the API key").contains("ANTHROPIC_API_KEY").contains("req_0123");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void permissionError() {
        server.enqueue(error(403, "permission_error", "Your API key does not have permission to use the specified resource."));
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.PERMISSION);
        assertThat(e.getMessage()).contains("403 permission_error").contains("does not have permission")
                .contains("claude-sonnet-4-6");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void unknownModelNamesTheSetting() {
        server.enqueue(error(404, "not_found_error", "model: claude-nonexistent"));
        ClaudeApiException e = fail(client(settings().withModel("claude-nonexistent")));
        assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains("Model 'claude-nonexistent' was not found").contains("CLAUDE_MODEL");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void maxTokensAboveModelLimit() {
        server.enqueue(error(400, "invalid_request_error",
                "max_tokens: 200000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-6"));
        ClaudeApiException e = fail(client(settings().withMaxTokens(200000)));
        assertThat(e.kind()).isEqualTo(Kind.MAX_TOKENS_TOO_LARGE);
        assertThat(e.getMessage()).contains("max_tokens 200000 is more than model claude-sonnet-4-6 allows")
                .contains("Lower max_tokens (CLAUDE_MAX_TOKENS");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void promptTooLong() {
        server.enqueue(error(400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"));
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.CONTEXT_EXCEEDED);
        assertThat(e.getMessage()).contains("no longer fits").contains("context window").contains("210000 tokens");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void inputPlusMaxTokensOverTheWindowIsAContextProblem() {
        server.enqueue(error(400, "invalid_request_error",
                "input length and `max_tokens` exceed context limit: 195000 + 8192 > 200000, decrease input length or `max_tokens` and try again"));
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.CONTEXT_EXCEEDED);
        assertThat(e.affectsWholeBatch()).isFalse();
    }

    @Test
    void requestTooLargeIsNotRetried() {
        server.enqueue(error(413, "request_too_large", "Request exceeds the maximum allowed number of bytes."));
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.REQUEST_TOO_LARGE);
        assertThat(e.getMessage()).contains("32 MB");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void overloadRetriedWithGrowingBackoffThenGivesUp() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(error(529, "overloaded_error", "Overloaded"));
        }
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(e.getMessage()).contains("stayed overloaded through 4 attempt(s)").contains("run again later");
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
        // 500ms, 1s, 2s, each with up to 25% jitter off
        assertThat(sleeps.get(0).toMillis()).isBetween(375L, 500L);
        assertThat(sleeps.get(1).toMillis()).isBetween(750L, 1000L);
        assertThat(sleeps.get(2).toMillis()).isBetween(1500L, 2000L);
        assertThat(retries).containsExactly("529:overloaded_error", "529:overloaded_error", "529:overloaded_error");
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() throws Exception {
        server.enqueue(error(500, "api_error", "Internal server error"));
        server.enqueue(error(503, "api_error", "unavailable"));
        server.enqueue(json(200, OK_BODY));
        ClaudeResponse response = client().createMessage(body(), RetryListener.NONE);
        assertThat(response.attempts()).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void rateLimitHonoursRetryAfterSeconds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "7")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}").build());
        server.enqueue(json(200, OK_BODY));
        client().createMessage(body(), RetryListener.NONE);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "7").addHeader("retry-after-ms", "1250")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}").build());
        server.enqueue(json(200, OK_BODY));
        client().createMessage(body(), RetryListener.NONE);
        assertThat(sleeps).containsExactly(Duration.ofMillis(1250));
    }

    @Test
    void retryAfterAsHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20));
        Duration delay = RetryPolicy.retryAfter(Headers.of("retry-after", date)).orElseThrow();
        assertThat(delay.toSeconds()).isBetween(17L, 20L);
        assertThat(RetryPolicy.retryAfter(Headers.of("retry-after", "soon"))).isEmpty();
    }

    @Test
    void rateLimitGivesUpWhenTheWaitWouldExceedTheTotalBound() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "120")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}")
                .build());
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("rate limit was still hit after 1 attempt(s)").contains("parallelism");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void spendLimitIsNotRetried() {
        server.enqueue(json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"limit\","
                + "\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}"));
        ClaudeApiException e = fail(client());
        assertThat(e.getMessage()).contains("spend limit");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void htmlProxyPageIsExplained() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().code(502).addHeader("content-type", "text/html")
                    .body("<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>").build());
        }
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.NOT_JSON);
        assertThat(e.getMessage()).contains("HTTP 502").contains("text/html").contains("'502 Bad Gateway'")
                .contains("check the API URL").doesNotContain("Exception");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void htmlWithStatus200IsNotJson() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "text/html")
                .body("<html><title>Corporate login</title></html>").build());
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.NOT_JSON);
        assertThat(e.getMessage()).contains("Corporate login").contains("proxy");
    }

    @Test
    void malformedJsonIsNotAStackTrace() {
        server.enqueue(json(200, "{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\""));
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.NOT_JSON);
        assertThat(e.getMessage()).contains("instead of JSON").doesNotContain("JsonParseException").doesNotContain("at com.");
    }

    @Test
    void droppedConnectionIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
        server.enqueue(json(200, OK_BODY));
        ClaudeResponse response = client().createMessage(body(), (a, s, r, d) -> retries.add(s + ":" + r));
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(retries).hasSize(1);
        assertThat(retries.get(0)).startsWith("0:");
    }

    @Test
    void connectionDroppedEveryTimeGivesNetworkError() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
        }
        ClaudeApiException e = fail(client());
        assertThat(e.kind()).isEqualTo(Kind.NETWORK);
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("Could not get an answer from the Claude API").contains("after 4 attempt(s)")
                .contains("proxy");
    }

    @Test
    void readTimeoutIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        server.enqueue(json(200, OK_BODY));
        ClaudeResponse response = client().createMessage(body(), (a, s, r, d) -> retries.add(s + ":" + r));
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(retries.get(0)).contains("timed out");
    }

    @Test
    void interruptCancelsTheCallQuickly() throws Exception {
        ClaudeSettings slow = settings().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60));
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                client(slow).createMessage(body(), RetryListener.NONE);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.start();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
        long start = System.nanoTime();
        worker.interrupt();
        worker.join(5000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void keyEchoedByTheServerIsMasked() {
        server.enqueue(error(400, "invalid_request_error", "bad header value " + KEY));
        ClaudeApiException e = fail(client());
        assertThat(e.getMessage()).contains("bad header value ****");
    }

    @Test
    void checkModelReportsSuccess() throws Exception {
        server.enqueue(json(200, "{\"type\":\"model\",\"id\":\"claude-sonnet-4-6\",\"display_name\":\"Claude Sonnet 4.6\"}"));
        ModelCheck check = client().checkModel();
        assertThat(check.ok()).isTrue();
        assertThat(check.message()).contains("API key accepted").contains("Claude Sonnet 4.6");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/models/claude-sonnet-4-6");
        assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
    }

    @Test
    void checkModelReportsBadKey() throws Exception {
        server.enqueue(error(401, "authentication_error", "invalid x-api-key"));
        ModelCheck check = client().checkModel();
        assertThat(check.ok()).isFalse();
        assertThat(check.keyValid()).isFalse();
        assertThat(check.message()).contains("rejected the API key").doesNotContain(KEY);
    }

    @Test
    void checkModelReportsUnknownModel() throws Exception {
        server.enqueue(error(404, "not_found_error", "model: claude-nope"));
        ModelCheck check = client(settings().withModel("claude-nope")).checkModel();
        assertThat(check.keyValid()).isTrue();
        assertThat(check.modelAvailable()).isFalse();
        assertThat(check.message()).contains("Model 'claude-nope' was not found");
    }

    @Test
    void checkModelReportsUnreachableServer() throws Exception {
        ClaudeSettings settings = settings().withRetries(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        server.close();
        ModelCheck check = client(settings).checkModel();
        assertThat(check.keyValid()).isNull();
        assertThat(check.message()).contains("Could not get an answer");
    }

    @Test
    void settingsFromEnvironment() {
        ClaudeSettings s = ClaudeSettings.fromEnvironment(Map.of("ANTHROPIC_BASE_URL", "http://proxy:8080/",
                "CLAUDE_MODEL", "claude-opus-4-8", "CLAUDE_MAX_TOKENS", "16000"));
        assertThat(s.baseUrl()).isEqualTo("http://proxy:8080");
        assertThat(s.model()).isEqualTo("claude-opus-4-8");
        assertThat(s.maxTokens()).isEqualTo(16000);
        ClaudeSettings d = ClaudeSettings.fromEnvironment(Map.of());
        assertThat(d.baseUrl()).isEqualTo("https://api.anthropic.com");
        assertThat(d.model()).isEqualTo("claude-sonnet-4-6");
        assertThat(d.maxTokens()).isEqualTo(8192);
        assertThatThrownBy(() -> ClaudeSettings.fromEnvironment(Map.of("CLAUDE_MAX_TOKENS", "lots")))
                .hasMessageContaining("CLAUDE_MAX_TOKENS must be a whole number");
        assertThatThrownBy(() -> ClaudeSettings.fromEnvironment(Map.of("ANTHROPIC_BASE_URL", "api.anthropic.com")))
                .hasMessageContaining("must start with http");
    }

    @Test
    void missingKeyIsRefused() {
        assertThatThrownBy(() -> new ClaudeClient(settings(), " ")).hasMessageContaining("ANTHROPIC_API_KEY");
    }
}
