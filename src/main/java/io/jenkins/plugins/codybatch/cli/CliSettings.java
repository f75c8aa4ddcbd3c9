package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.EngineSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Connection settings of a command, from flags first and the environment second. Each value is checked where it is
 * read, and a problem names what the user gave (the flag or the environment variable). Holds the secrets, so its
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
        EngineSettings.Proxy proxy,
        Map<String, String> environment) {

    public static final String DEFAULT_API_URL = "https://api.anthropic.com";
    public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";
    /** Shorter than this, a secret is certainly a mistake, and masking it would garble ordinary words. */
    static final int MIN_SECRET_LENGTH = 8;

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
            throw new UsageException((maxTokens != null ? "--max-tokens" : "CLAUDE_MAX_TOKENS")
                    + " must be at least 1, was " + tokens);
        }
        String globs = first(allowedRepositories, value(env, "ALLOWED_REPOSITORIES"));
        List<String> allowed = globs == null ? List.of()
                : Arrays.stream(globs.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
        return new CliSettings(
                secret(env, "ANTHROPIC_API_KEY", "an Anthropic API key (sk-ant-...)"),
                url(apiUrl, "--api-url", env, "ANTHROPIC_BASE_URL", DEFAULT_API_URL),
                first(model, value(env, "CLAUDE_MODEL")),
                tokens,
                secret(env, "GITHUB_TOKEN", "a GitHub token (ghp_..., github_pat_...)"),
                url(gitHubApiUrl, "--github-api-url", env, "GITHUB_API_URL", DEFAULT_GITHUB_API_URL),
                allowed,
                proxy(env),
                env);
    }

    /** A URL from its flag, else its environment variable, else the default; checked under the name it came by. */
    private static String url(String flag, String flagName, Map<String, String> env, String variable, String fallback) {
        String fromEnv = value(env, variable);
        String url = first(flag, first(fromEnv, fallback));
        String given = flag != null && !flag.isBlank() ? flagName : fromEnv != null ? variable : null;
        if (given != null && !isHttpUrl(url)) {
            throw new UsageException(given + " '" + url + "' is not a URL: give it with its scheme, such as"
                    + " https://host or http://localhost:8081");
        }
        return url;
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String secret(Map<String, String> env, String name, String what) {
        String value = value(env, name);
        if (value != null && value.strip().length() < MIN_SECRET_LENGTH) {
            throw new UsageException(name + " holds only " + value.strip().length() + " character(s), too short for "
                    + what + "; export the whole value, or unset it");
        }
        return value == null ? null : value.strip();
    }

    /** HTTPS_PROXY (or HTTP_PROXY) and NO_PROXY, as curl and git read them. */
    static EngineSettings.Proxy proxy(Map<String, String> env) {
        String name = value(env, "HTTPS_PROXY") != null ? "HTTPS_PROXY" : value(env, "https_proxy") != null
                ? "https_proxy" : value(env, "HTTP_PROXY") != null ? "HTTP_PROXY" : "http_proxy";
        String spec = value(env, name);
        if (spec == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(spec.contains("://") ? spec.strip() : "http://" + spec.strip());
        } catch (URISyntaxException e) {
            throw new UsageException(name + " '" + spec + "' is not a proxy URL: give http://host:port");
        }
        if (uri.getHost() == null) {
            throw new UsageException(name + " '" + spec + "' is not a proxy URL: give http://host:port");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : null;
        }
        List<String> noProxy = new ArrayList<>();
        String list = first(value(env, "NO_PROXY"), value(env, "no_proxy"));
        if (list != null) {
            for (String host : list.split("[,\\s]+")) {
                if (!host.isBlank()) {
                    noProxy.add(host.startsWith(".") ? "*" + host : host);
                }
            }
        }
        return new EngineSettings.Proxy(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80, noProxy, user, password);
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
                + ", gitHubApiUrl=" + gitHubApiUrl + ", allowedRepositories=" + allowedRepositories + ", proxy="
                + proxy + "]";
    }
}
