package io.jenkins.plugins.codybatch.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Connection settings of a command, from flags first and the environment second. Holds the secrets, so its
 * {@link #toString()} leaves them out.
 *
 * @param environment the command's environment, handed on to verify commands without the secrets
 */
public record CliSettings(
        String apiKey,
        String apiUrl,
        String model,
        int maxTokens,
        String gitHubToken,
        String gitHubApiUrl,
        List<String> allowedRepositories,
        Map<String, String> environment) {

    public static final String DEFAULT_API_URL = "https://api.anthropic.com";
    public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";

    /** Flags as given (null when absent); the environment fills the gaps. */
    public static CliSettings resolve(Map<String, String> env, String apiUrl, String model, Integer maxTokens,
            String gitHubApiUrl, String allowedRepositories) {
        int tokens;
        if (maxTokens != null) {
            tokens = maxTokens;
        } else {
            String fromEnv = value(env, "CLAUDE_MAX_TOKENS");
            try {
                tokens = fromEnv == null ? 0 : Integer.parseInt(fromEnv.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("CLAUDE_MAX_TOKENS must be a whole number, was '" + fromEnv + "'");
            }
        }
        if (tokens < 0 || (maxTokens != null && tokens == 0)) {
            throw new UsageException("--max-tokens must be at least 1, was " + tokens);
        }
        String globs = first(allowedRepositories, value(env, "ALLOWED_REPOSITORIES"));
        List<String> allowed = globs == null ? List.of()
                : Arrays.stream(globs.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
        return new CliSettings(
                value(env, "ANTHROPIC_API_KEY"),
                first(apiUrl, first(value(env, "ANTHROPIC_BASE_URL"), DEFAULT_API_URL)),
                first(model, value(env, "CLAUDE_MODEL")),
                tokens,
                value(env, "GITHUB_TOKEN"),
                first(gitHubApiUrl, first(value(env, "GITHUB_API_URL"), DEFAULT_GITHUB_API_URL)),
                allowed,
                env);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    @Override
    public String toString() {
        return "CliSettings[apiKey=" + (apiKey == null ? "unset" : "***") + ", apiUrl=" + apiUrl + ", model=" + model
                + ", maxTokens=" + maxTokens + ", gitHubToken=" + (gitHubToken == null ? "unset" : "***")
                + ", gitHubApiUrl=" + gitHubApiUrl + ", allowedRepositories=" + allowedRepositories + "]";
    }
}
