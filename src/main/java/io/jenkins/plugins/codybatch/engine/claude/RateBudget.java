package io.jenkins.plugins.codybatch.engine.claude;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import okhttp3.Headers;

/**
 * Our picture of one of the API's per-minute budgets ({@code requests}, {@code input-tokens}, {@code output-tokens},
 * {@code tokens}), taken from its {@code anthropic-ratelimit-<name>-limit/remaining/reset} headers. The API refills
 * a budget continuously (a token bucket of {@code limit} per minute), so between responses we refill it ourselves at
 * limit/60 s and take off what we reserve for each request we let go. A level below zero is a debt: requests
 * already given a start time in the future. Not thread-safe; {@link RateLimiter} guards it.
 */
final class RateBudget {

    private static final double NANOS_PER_MINUTE = 60e9;

    private final String name;
    private double limit; // 0 while unknown
    private double level;
    private long levelAt;
    private long resetAt; // when the API said this budget is full again; used when no limit is given
    private boolean resetKnown;
    private boolean observed;
    private long observedAt;

    RateBudget(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /**
     * Reads this budget's headers from the response to a request sent at {@code sentAt}: they tell the budget as the
     * API saw it when it took that request in, somewhere between {@code sentAt} and {@code now}. {@code pending} is
     * what we reserved for requests sent after it. The level is taken as of {@code now}, so the refill while the
     * answer was on its way is not counted: a little below the truth rather than above it. An answer to a request
     * sent before the one we last read tells nothing newer and is passed over.
     */
    void observe(Headers headers, long sentAt, long now, long wallMillis, double pending) {
        String prefix = "anthropic-ratelimit-" + name + "-";
        Double remaining = number(headers.get(prefix + "remaining"));
        if (remaining == null || observed && sentAt < observedAt) {
            return;
        }
        Double newLimit = number(headers.get(prefix + "limit"));
        if (newLimit != null && newLimit > 0) {
            limit = newLimit;
        }
        level = remaining - pending;
        levelAt = now;
        observedAt = sentAt;
        observed = true;
        String reset = headers.get(prefix + "reset");
        resetKnown = false;
        if (reset != null) {
            try {
                long millis = Instant.parse(reset.trim()).toEpochMilli() - wallMillis;
                resetAt = now + Math.max(0, millis) * 1_000_000;
                resetKnown = true;
            } catch (DateTimeParseException ignored) {
                // no reset time: we rely on the limit alone
            }
        }
    }

    /** Tokens (or requests) we believe are left at {@code t}. */
    double levelAt(long t) {
        if (limit <= 0) {
            return level;
        }
        double refilled = level + (t - levelAt) * limit / NANOS_PER_MINUTE;
        return t >= levelAt ? Math.min(limit, refilled) : refilled;
    }

    /** The earliest time from {@code t} on when {@code cost} fits. */
    long earliest(long t, double cost) {
        if (cost <= 0 || !observed) {
            return t; // nothing known yet
        }
        if (limit <= 0) {
            // Only remaining and reset known: when the budget cannot pay, wait until the API said it is full again.
            return level >= cost || !resetKnown ? t : Math.max(t, resetAt);
        }
        double need = Math.min(cost, limit) - levelAt(t); // a request larger than the whole budget waits for a full one
        return need <= 0 ? t : t + (long) Math.ceil(need * NANOS_PER_MINUTE / limit);
    }

    /** Takes {@code cost} off at {@code start}. */
    void charge(long start, double cost) {
        if (cost <= 0 || !observed) {
            return;
        }
        if (limit <= 0) {
            level -= cost;
            return;
        }
        level = levelAt(start) - cost;
        levelAt = start;
    }

    /** Less than {@code fraction} of the budget left at {@code t}: a nearly spent budget. */
    boolean nearlySpent(long t, double fraction) {
        return limit > 0 && levelAt(t) < fraction * limit;
    }

    double limit() {
        return limit;
    }

    private static Double number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
