package io.jenkins.plugins.codybatch.engine.claude;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A Messages API with an input-tokens-per-minute limit, in front of another fake: the API's token bucket (refilled
 * continuously at limit/60 s, never above the limit). A request whose input tokens the bucket cannot pay gets a 429
 * {@code rate_limit_error} with {@code retry-after} (whole seconds until it could); every response carries the
 * {@code anthropic-ratelimit-input-tokens-limit/remaining/reset} and {@code -requests-*} headers as api.anthropic.com
 * sends them. Other paths go to the inner fake untouched.
 */
public final class RateLimitedApi extends Dispatcher {

    private final Dispatcher inner;
    private final long limitPerMinute;
    private final ToLongFunction<RecordedRequest> inputTokens;
    private final long latencyMillis;
    private double level;
    private long levelAt = -1; // the bucket starts filling at the first request
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong admittedTokens = new AtomicLong();

    /**
     * @param startLevel   tokens in the bucket at the start (the real API starts full: {@code limitPerMinute})
     * @param inputTokens  what a request costs; its reply's usage must say the same for the client to learn it
     * @param latencyMillis how long the answer takes once admitted (the model "thinking")
     */
    public RateLimitedApi(Dispatcher inner, long limitPerMinute, long startLevel, ToLongFunction<RecordedRequest> inputTokens,
            long latencyMillis) {
        this.inner = inner;
        this.limitPerMinute = limitPerMinute;
        this.level = startLevel;
        this.inputTokens = inputTokens;
        this.latencyMillis = latencyMillis;
    }

    /** 429 responses sent. */
    public long rateLimited() {
        return rateLimited.get();
    }

    /** Requests let through, and their input tokens. */
    public long admitted() {
        return admitted.get();
    }

    public long admittedTokens() {
        return admittedTokens.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (!"POST".equals(request.getMethod()) || !"/v1/messages".equals(request.getUrl().encodedPath())) {
            return inner.dispatch(request);
        }
        long cost = inputTokens.applyAsLong(request);
        double remaining;
        long waitMillis = 0;
        synchronized (this) {
            refill();
            if (level >= cost) {
                level -= cost;
            } else {
                waitMillis = (long) Math.ceil((cost - level) * 60_000.0 / limitPerMinute);
            }
            remaining = level;
        }
        if (waitMillis > 0) {
            rateLimited.incrementAndGet();
            MockResponse.Builder limited = new MockResponse.Builder().code(429)
                    .addHeader("content-type", "application/json")
                    .addHeader("request-id", "req_011CVlimited" + rateLimited.get())
                    .addHeader("retry-after", Long.toString((waitMillis + 999) / 1000))
                    .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"This request would"
                            + " exceed the rate limit for your organization of " + limitPerMinute + " input tokens per"
                            + " minute.\"},\"request_id\":\"req_011CVlimited" + rateLimited.get() + "\"}");
            return withHeaders(limited, remaining).build();
        }
        admitted.incrementAndGet();
        admittedTokens.addAndGet(cost);
        return withHeaders(inner.dispatch(request).newBuilder(), remaining)
                .headersDelay(latencyMillis, TimeUnit.MILLISECONDS).build();
    }

    private void refill() {
        long now = System.nanoTime();
        levelAt = levelAt < 0 ? now : levelAt;
        level = Math.min(limitPerMinute, level + (now - levelAt) * limitPerMinute / 60e9);
        levelAt = now;
    }

    private MockResponse.Builder withHeaders(MockResponse.Builder response, double remaining) {
        long left = Math.max(0, (long) remaining);
        long fullInMillis = (long) Math.ceil((limitPerMinute - left) * 60_000.0 / limitPerMinute);
        String reset = Instant.now().plusMillis(fullInMillis).toString();
        return response
                .setHeader("anthropic-ratelimit-input-tokens-limit", Long.toString(limitPerMinute))
                .setHeader("anthropic-ratelimit-input-tokens-remaining", Long.toString(left))
                .setHeader("anthropic-ratelimit-input-tokens-reset", reset)
                .setHeader("anthropic-ratelimit-requests-limit", "4000")
                .setHeader("anthropic-ratelimit-requests-remaining", "3999")
                .setHeader("anthropic-ratelimit-requests-reset", Instant.now().toString());
    }
}
