package io.jenkins.plugins.codybatch.engine.claude;

import java.time.Duration;
import java.util.Map;

/**
 * How to reach the Messages API and how hard to retry. Holds no secret (the API key is passed to
 * {@link ClaudeClient} separately), so it may be logged.
 *
 * @param maxAttempts   requests per call at most, the first one included
 * @param maxTotalWait  time spent sleeping between attempts of one call at most
 * @param initialBackoff first backoff delay; doubled each attempt up to {@code maxBackoff}, with jitter
 */
public record ClaudeSettings(
        String baseUrl,
        String model,
        int maxTokens,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration maxTotalWait,
        Duration initialBackoff,
        Duration maxBackoff) {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_MODEL = "claude-sonnet-4-6";
    public static final int DEFAULT_MAX_TOKENS = 8192;

    public ClaudeSettings {
        baseUrl = stripTrailingSlash(baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.trim());
        model = model == null || model.isBlank() ? DEFAULT_MODEL : model.trim();
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("The Anthropic API URL must start with http:// or https://, was '" + baseUrl
                    + "'");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1, was " + maxTokens);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    public static ClaudeSettings defaults() {
        return new ClaudeSettings(DEFAULT_BASE_URL, DEFAULT_MODEL, DEFAULT_MAX_TOKENS, Duration.ofSeconds(10),
                Duration.ofMinutes(10), 6, Duration.ofMinutes(3), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /**
     * Defaults overridden by ANTHROPIC_BASE_URL, CLAUDE_MODEL and CLAUDE_MAX_TOKENS from {@code env}
     * (callers pass {@code System.getenv()}; command-line flags are applied afterwards with the with* methods).
     */
    public static ClaudeSettings fromEnvironment(Map<String, String> env) {
        ClaudeSettings settings = defaults();
        String baseUrl = env.get("ANTHROPIC_BASE_URL");
        if (baseUrl != null && !baseUrl.isBlank()) {
            settings = settings.withBaseUrl(baseUrl);
        }
        String model = env.get("CLAUDE_MODEL");
        if (model != null && !model.isBlank()) {
            settings = settings.withModel(model);
        }
        String maxTokens = env.get("CLAUDE_MAX_TOKENS");
        if (maxTokens != null && !maxTokens.isBlank()) {
            try {
                settings = settings.withMaxTokens(Integer.parseInt(maxTokens.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("CLAUDE_MAX_TOKENS must be a whole number, was '" + maxTokens + "'");
            }
        }
        return settings;
    }

    public ClaudeSettings withBaseUrl(String value) {
        return new ClaudeSettings(value, model, maxTokens, connectTimeout, readTimeout, maxAttempts, maxTotalWait,
                initialBackoff, maxBackoff);
    }

    public ClaudeSettings withModel(String value) {
        return new ClaudeSettings(baseUrl, value, maxTokens, connectTimeout, readTimeout, maxAttempts, maxTotalWait,
                initialBackoff, maxBackoff);
    }

    public ClaudeSettings withMaxTokens(int value) {
        return new ClaudeSettings(baseUrl, model, value, connectTimeout, readTimeout, maxAttempts, maxTotalWait,
                initialBackoff, maxBackoff);
    }

    public ClaudeSettings withTimeouts(Duration connect, Duration read) {
        return new ClaudeSettings(baseUrl, model, maxTokens, connect, read, maxAttempts, maxTotalWait,
                initialBackoff, maxBackoff);
    }

    public ClaudeSettings withRetries(int attempts, Duration totalWait, Duration initial, Duration max) {
        return new ClaudeSettings(baseUrl, model, maxTokens, connectTimeout, readTimeout, attempts, totalWait,
                initial, max);
    }

    private static String stripTrailingSlash(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
