package io.jenkins.plugins.codybatch.engine.claude;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Headers;

/** When the Messages API client tries a request again, and after how long. */
final class RetryPolicy {

    private final ClaudeSettings settings;

    RetryPolicy(ClaudeSettings settings) {
        this.settings = settings;
    }

    /** Another attempt fits the settings' attempts and total wait. */
    boolean allows(int attempt, long waitedMillis, Duration delay) {
        return attempt < settings.maxAttempts() && waitedMillis + delay.toMillis() <= settings.maxTotalWait().toMillis();
    }

    /** What the API says may succeed later: its x-should-retry, else overload, rate limits and server errors. */
    static boolean isRetryable(int status, Headers headers, String body) {
        String shouldRetry = headers.get("x-should-retry");
        if ("false".equalsIgnoreCase(shouldRetry)) {
            return false;
        }
        if ("true".equalsIgnoreCase(shouldRetry)) {
            return true;
        }
        if (status == 429) {
            return !body.contains("enforced_spend_limit_reached"); // a spend limit does not clear by waiting
        }
        return status == 408 || status == 409 || status == 500 || status == 502 || status == 503 || status == 504
                || status == 529;
    }

    /** Exponential backoff with jitter: initial * 2^(attempt-1), capped, times a random 0.75..1.0. */
    Duration backoff(int attempt) {
        double base = settings.initialBackoff().toMillis() * Math.pow(2, attempt - 1);
        double capped = Math.min(base, settings.maxBackoff().toMillis());
        double jitter = 1 - 0.25 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }

    /** retry-after-ms, else retry-after in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(Headers headers) {
        String millis = headers.get("retry-after-ms");
        if (millis != null) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.trim()))));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        String value = headers.get("retry-after");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value.trim()) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                long delta = at.toEpochMilli() - System.currentTimeMillis();
                return Optional.of(Duration.ofMillis(Math.max(0, delta)));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
