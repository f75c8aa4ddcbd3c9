package io.jenkins.plugins.codybatch.engine.claude;

import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Headers;

/**
 * Paces every Messages request of one organization from one process, so that the API's rate limits slow all
 * workers together instead of each one retrying on its own (docs/tool-loop.md, "Rate limits").
 *
 * <ul>
 *   <li><b>Budgets.</b> Each response's {@code anthropic-ratelimit-*} headers (requests, input tokens, output tokens:
 *       limit, remaining, reset) set our picture of the budgets ({@link RateBudget}). Before a request goes,
 *       its share is reserved: estimated input tokens (request characters times the tokens per character learnt
 *       from earlier responses' usage) and output tokens (the average so far). When a budget cannot pay, the request
 *       gets a start time when it can, so requests are spaced at the rate the limit refills.</li>
 *   <li><b>In flight.</b> At most {@code window} requests are on the wire. The window starts at 4 and grows by one per
 *       success up to a threshold, then by one per window of successes (to 256); a 429 or 529 halves it, once per
 *       window of requests, and a nearly spent budget (under 10 %) stops it growing.</li>
 *   <li><b>Pauses.</b> A 429's {@code retry-after} pauses every request of this limiter until it has passed.</li>
 * </ul>
 *
 * Thread-safe. {@link #shared} gives the one limiter of a process for an API address and key.
 */
public final class RateLimiter {

    static final int INITIAL_WINDOW = 4;
    static final int MAX_WINDOW = 256;
    static final double NEARLY_SPENT = 0.1;
    private static final double LEARNING = 0.2;
    private static final Duration ABANDONED = Duration.ofMinutes(15);
    private static final Map<String, RateLimiter> SHARED = new ConcurrentHashMap<>();

    private final Clock clock;
    private final RateBudget requests = new RateBudget("requests");
    private final RateBudget input = new RateBudget("input-tokens");
    private final RateBudget output = new RateBudget("output-tokens");
    private final List<Permit> recent = new ArrayList<>(); // not sent, or sent after the oldest request in flight
    private final Set<Permit> onTheWire = new HashSet<>();
    private double window = INITIAL_WINDOW;
    private double threshold = MAX_WINDOW;
    private int inFlight;
    private long pausedUntil = Long.MIN_VALUE;
    private long lastDecrease = Long.MIN_VALUE;
    private double tokensPerChar = 0.25;
    private double outputPerRequest;
    private long rateLimited;
    private long delayedRequests;
    private long delayNanos;

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    public RateLimiter() {
        this(Clock.systemUTC());
    }

    /** The limiter of this process for an API address and key: every client of that organization shares it. */
    public static RateLimiter shared(String baseUrl, String apiKey) {
        return SHARED.computeIfAbsent(baseUrl + " " + fingerprint(apiKey), key -> new RateLimiter());
    }

    /**
     * Reserves a request of {@code requestChars} JSON characters that must not start before {@code notBefore} from
     * now (a retry's own backoff). Never blocks: wait {@link Permit#delay()}, then {@link Permit#enter()}.
     */
    public synchronized Permit reserve(long requestChars, Duration notBefore) {
        long now = nanos();
        double in = tokensPerChar * requestChars;
        double out = outputPerRequest;
        long start = Math.max(now + notBefore.toNanos(), pausedUntil);
        start = Math.max(start, requests.earliest(start, 1));
        start = Math.max(start, input.earliest(start, in));
        start = Math.max(start, output.earliest(start, out));
        requests.charge(start, 1);
        input.charge(start, in);
        output.charge(start, out);
        Permit permit = new Permit(start, start - now, in, out);
        recent.add(permit);
        if (start - now > notBefore.toNanos()) {
            delayedRequests++;
            delayNanos += start - now - Math.max(0, notBefore.toNanos());
        }
        return permit;
    }

    /** What a response's usage says about our estimates: tokens per request character, output per request. */
    public synchronized void learn(long requestChars, Usage usage) {
        if (requestChars > 0) {
            double perChar = (double) (usage.inputTokens() + usage.cacheCreationInputTokens()) / requestChars;
            tokensPerChar += LEARNING * (perChar - tokensPerChar);
        }
        outputPerRequest += LEARNING * (usage.outputTokens() - outputPerRequest);
    }

    /** Figures for benchmarks and logs. */
    public synchronized Stats stats() {
        return new Stats(rateLimited, delayedRequests, Duration.ofNanos(delayNanos), (int) window, inFlight);
    }

    /**
     * @param rateLimited     429 responses seen
     * @param delayedRequests requests held back to keep within a budget or a pause
     * @param delayed         their total wait beyond their own backoff
     * @param window          requests allowed in flight now
     */
    public record Stats(long rateLimited, long delayedRequests, Duration delayed, int window, int inFlight) {}

    /** One request's place: when it may start, and its slot among the requests in flight once entered. */
    public final class Permit {
        private final long start;
        private final long delay;
        private final double inputCost;
        private final double outputCost;
        private long enteredAt;
        private boolean entered;
        private boolean sent;

        private Permit(long start, long delay, double inputCost, double outputCost) {
            this.start = start;
            this.delay = delay;
            this.inputCost = inputCost;
            this.outputCost = outputCost;
        }

        /** How long to wait before {@link #enter()}. */
        public Duration delay() {
            return Duration.ofNanos(Math.max(0, delay));
        }

        /** Blocks while the window of requests in flight is full; then the request may go. */
        public void enter() throws InterruptedException {
            synchronized (RateLimiter.this) {
                while (inFlight >= Math.max(1, (int) window)) {
                    RateLimiter.this.wait();
                }
                inFlight++;
                entered = true;
                sent = true;
                enteredAt = nanos();
                onTheWire.add(this);
            }
        }

        /**
         * The request ended: with a response ({@code status}, {@code headers}) or without one ({@code status} 0,
         * {@code headers} null), or was abandoned.
         */
        public void finished(int status, Headers headers) {
            synchronized (RateLimiter.this) {
                if (!entered) {
                    return;
                }
                entered = false;
                inFlight--;
                onTheWire.remove(this);
                RateLimiter.this.notifyAll();
                long now = nanos();
                if (headers != null) {
                    long wall = clock.millis();
                    for (RateBudget budget : List.of(requests, input, output)) {
                        budget.observe(headers, enteredAt, now, wall, reservedAfter(budget, this));
                    }
                }
                long oldest = onTheWire.stream().mapToLong(p -> p.enteredAt).min().orElse(now);
                long forgotten = now - ABANDONED.toNanos(); // reserved, never sent: its thread was interrupted
                recent.removeIf(p -> p.sent ? p.enteredAt < oldest : p.start < forgotten);
                if (status == 429 || status == 529) {
                    if (status == 429) {
                        rateLimited++;
                        if (headers != null) {
                            RetryPolicy.retryAfter(headers)
                                    .ifPresent(wait -> pausedUntil = Math.max(pausedUntil, now + wait.toNanos()));
                        }
                    }
                    if (enteredAt > lastDecrease) { // once per window: the others in flight were sent before it
                        threshold = Math.max(1, window / 2);
                        window = threshold;
                        lastDecrease = now;
                    }
                } else if (status >= 200 && status < 300 && !nearlySpent(now)) {
                    window = Math.min(MAX_WINDOW, window < threshold ? window + 1 : window + 1 / window);
                }
            }
        }
    }

    /** What we reserved for requests sent after {@code answered}, or not sent yet: not in the budget its answer tells. */
    private double reservedAfter(RateBudget budget, Permit answered) {
        double sum = 0;
        for (Permit p : recent) {
            if (p != answered && (!p.sent || p.enteredAt > answered.enteredAt)) {
                sum += switch (budget.name()) {
                    case "requests" -> 1;
                    case "input-tokens" -> p.inputCost;
                    default -> p.outputCost;
                };
            }
        }
        return sum;
    }

    private boolean nearlySpent(long now) {
        return requests.nearlySpent(now, NEARLY_SPENT) || input.nearlySpent(now, NEARLY_SPENT)
                || output.nearlySpent(now, NEARLY_SPENT);
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static String fingerprint(String apiKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(apiKey).trim()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
