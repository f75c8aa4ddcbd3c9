package io.jenkins.plugins.codybatch.engine.repo.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Our answer to github-api's rate-limit callbacks: waits honour Retry-After and X-RateLimit-Reset, go through the
 * injectable {@link Clock} and {@link Sleeper}, and are bounded (one wait at most {@code maxWait}; github-api tries a
 * request three times, and the third refusal fails at once instead of waiting for nothing).
 */
final class RateLimits {

    /** GitHub asks clients hitting a secondary rate limit without Retry-After to wait at least a minute. */
    static final Duration SECONDARY_LIMIT_WAIT = Duration.ofSeconds(60);
    /** github-api 1.330 sends a request at most 1 + 2 retries times. */
    private static final int LAST_ATTEMPT = 3;

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;
    /** Refusals of the request in progress on this thread (github-api reuses the request object for its retries). */
    private final ThreadLocal<Attempts> attempts = new ThreadLocal<>();

    private record Attempts(GitHubConnectorRequest request, int count) {}

    Sleeper sleeper() {
        return sleeper;
    }

    RateLimits(Clock clock, Sleeper sleeper, Duration maxWait) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
    }

    /** 403 with X-RateLimit-Remaining: 0 (the primary limit). */
    GitHubRateLimitHandler primary() {
        return new GitHubRateLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) throws IOException {
                await(response);
            }
        };
    }

    /** 429, or 403 with Retry-After or gh-limited-by (secondary limits). */
    GitHubAbuseLimitHandler secondary() {
        return new GitHubAbuseLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) throws IOException {
                await(response);
            }
        };
    }

    private void await(GitHubConnectorResponse response) throws IOException {
        Attempts previous = attempts.get();
        int attempt = previous != null && previous.request() == response.request() ? previous.count() + 1 : 1;
        attempts.set(new Attempts(response.request(), attempt));
        Duration wait = waitFor(response);
        if (attempt >= LAST_ATTEMPT || wait.compareTo(maxWait) > 0) {
            attempts.remove();
            throw new RateLimitException(limitReached(response));
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempts.remove();
            throw new RateLimitException("Interrupted while waiting for the GitHub rate limit; the repository was not finished.");
        }
    }

    Duration waitFor(GitHubConnectorResponse response) {
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null && retryAfter.trim().matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        }
        String reset = response.header("X-RateLimit-Reset");
        if ("0".equals(response.header("X-RateLimit-Remaining")) && reset != null && reset.trim().matches("\\d+")) {
            Duration untilReset = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.trim()))).plusSeconds(1);
            return untilReset.isNegative() || untilReset.isZero() ? Duration.ofSeconds(1) : untilReset;
        }
        return SECONDARY_LIMIT_WAIT;
    }

    private static String limitReached(GitHubConnectorResponse response) throws IOException {
        String reset = response.header("X-RateLimit-Reset");
        String when = reset == null || !reset.trim().matches("\\d+") ? ""
                : " It resets at " + Instant.ofEpochSecond(Long.parseLong(reset.trim())) + ".";
        InputStream body = response.bodyStream();
        String message = body == null ? "" : GitHubClient.gitHubMessage(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        return "GitHub API rate limit reached (" + message + ")." + when
                + " Run the batch again later, lower its parallelism, or use a GitHub App, whose limit is higher.";
    }

    /**
     * GitHub may refuse with a bare 403 whose message says "secondary rate limit". github-api 1.330 recognises a
     * secondary limit only by 429, Retry-After or gh-limited-by, so such an answer is given GitHub's documented
     * one-minute Retry-After before github-api sees it.
     */
    static GitHubConnector markingSecondaryLimits(GitHubConnector connector) {
        return request -> {
            GitHubConnectorResponse response = connector.send(request);
            if (response.statusCode() != 403 || response.header("Retry-After") != null
                    || response.header("gh-limited-by") != null) {
                return response;
            }
            byte[] body;
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            try (response) {
                InputStream stream = response.bodyStream();
                body = stream == null ? new byte[0] : stream.readAllBytes();
                response.allHeaders().forEach((name, values) -> {
                    if (name != null) {
                        headers.put(name, values);
                    }
                });
            }
            if (new String(body, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("secondary rate limit")) {
                headers.put("Retry-After", List.of(String.valueOf(SECONDARY_LIMIT_WAIT.toSeconds())));
            }
            return new GitHubConnectorResponse.ByteArrayResponse(request, 403, headers) {
                @Override
                protected InputStream rawBodyStream() {
                    return new ByteArrayInputStream(body);
                }
            };
        };
    }

    /** Carries a finished, person-readable message; github-api passes GHIOExceptions through unchanged. */
    static final class RateLimitException extends GHIOException {
        RateLimitException(String message) {
            super(message);
        }
    }

    static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }
}
