package io.jenkins.plugins.codybatch.engine.repo.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GHMyself;
import org.kohsuke.github.GHRateLimit;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

/**
 * The GitHub API through github-api ({@code org.kohsuke:github-api}) on the caller's OkHttpClient (Jenkins proxy
 * settings), with bounded rate-limit waits on an injectable clock and sleeper, and translation of failures into
 * actionable, token-free messages.
 */
public final class GitHubClient {

    public static final String DEFAULT_API_URL = "https://api.github.com";

    private final String apiUrl;
    private final GitHubAuth auth;
    private final Clock clock;
    private final Sleeper sleeper;
    private final GitHub api;

    /**
     * @param apiUrl  https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server
     * @param http    the caller's client (proxy, timeouts)
     * @param maxWait the longest single wait for a rate limit; beyond it the call fails with a message
     */
    public GitHubClient(String apiUrl, GitHubAuth auth, OkHttpClient http, Clock clock, Sleeper sleeper, Duration maxWait) {
        this.apiUrl = normalize(apiUrl);
        this.auth = auth;
        this.clock = clock;
        this.sleeper = sleeper;
        this.api = build(builder(this.apiUrl, http, new RateLimits(clock, sleeper, maxWait))
                .withAuthorizationProvider(() -> "Bearer " + tokenForApi()));
    }

    public GitHubClient(String apiUrl, GitHubAuth auth, OkHttpClient http) {
        this(apiUrl, auth, http, Clock.systemUTC(), Sleeper.SYSTEM, Duration.ofMinutes(15));
    }

    /** A github-api builder for {@code apiUrl} on {@code http}; the caller adds the credentials. */
    static GitHubBuilder builder(String apiUrl, OkHttpClient http, RateLimits limits) {
        return new GitHubBuilder()
                .withEndpoint(apiUrl)
                .withConnector(ServerErrorRetries.around(RateLimits.markingSecondaryLimits(new OkHttpGitHubConnector(http)),
                        limits.sleeper()))
                .withRateLimitHandler(limits.primary())
                .withAbuseLimitHandler(limits.secondary());
    }

    static GitHub build(GitHubBuilder builder) {
        try {
            return builder.build(); // no request is made here
        } catch (IOException e) {
            throw new IllegalArgumentException("The GitHub API connection could not be set up (" + e.getMessage()
                    + "). Check the API URL.", e);
        }
    }

    static String normalize(String apiUrl) {
        String url = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.trim();
        return url.replaceAll("/+$", "");
    }

    private String tokenForApi() throws IOException {
        try {
            return auth.token();
        } catch (RepositoryException e) { // e.g. the App token exchange failed: its message is kept by failure()
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The github-api entry point; translate its exceptions with {@link #failure}. */
    public GitHub api() {
        return api;
    }

    public GitHubAuth auth() {
        return auth;
    }

    public Clock clock() {
        return clock;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    public String apiUrl() {
        return apiUrl;
    }

    /** Token validity, scopes (from /user's X-OAuth-Scopes) and the remaining core rate limit. */
    @SuppressWarnings("deprecation") // getResponseHeaderFields is github-api's only way to the scopes header
    public ConnectionCheck checkConnection() throws RepositoryException {
        String what = "checking the connection to " + apiUrl;
        try {
            GHRateLimit.Record core = api.getRateLimit().getCore();
            String login = null;
            List<String> scopes = List.of();
            try {
                GHMyself me = api.getMyself();
                login = me.getLogin();
                scopes = scopes(me.getResponseHeaderFields());
            } catch (HttpException appTokenHasNoUser) {
                // GitHub App installation tokens are not a user: /user answers 403
            }
            return new ConnectionCheck(login, scopes, core.getRemaining(), core.getLimit(),
                    Instant.ofEpochSecond(core.getResetEpochSeconds()));
        } catch (IOException | RuntimeException e) {
            throw failure(e, what);
        }
    }

    private static List<String> scopes(Map<String, List<String>> headers) {
        if (headers == null) {
            return List.of();
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if ("X-OAuth-Scopes".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                return Arrays.stream(String.join(",", header.getValue()).split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
            }
        }
        return List.of();
    }

    /**
     * The exception a person sees for a failed github-api call; {@code what} says what we were doing. Understands
     * github-api's HttpException / GHFileNotFoundException, a GHException wrapping them (paged lists), our
     * rate-limit refusals and credential failures.
     */
    public RepositoryException failure(Exception e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RepositoryException credentials) {
                return credentials;
            }
            if (t instanceof RateLimits.RateLimitException limited) {
                return new RepositoryException(limited.getMessage());
            }
            if (t instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
                return new RepositoryException("Interrupted while " + what + ".");
            }
        }
        Throwable cause = e instanceof IOException ? e : e.getCause() instanceof IOException io ? io : e;
        if (cause instanceof FileNotFoundException) {
            return new RepositoryException("Not found or no access (404) while " + what
                    + ". Check the owner/name and that the token can see this repository.");
        }
        if (cause instanceof HttpException http && http.getResponseCode() >= 400) {
            String gitHub = http.getResponseCode() + " " + gitHubMessage(http.getMessage());
            String message = switch (http.getResponseCode()) {
                case 401 -> "GitHub rejected the credentials (" + gitHub + ") while " + what
                        + ". The " + auth.describe() + " is wrong, expired or revoked: update the credentials.";
                case 403 -> "GitHub refused access (" + gitHub + ") while " + what
                        + ". Give the token the needed permission (repo scope, or Contents/Pull requests write for"
                        + " fine-grained tokens and Apps), or check the organization's SSO authorization.";
                case 422 -> "GitHub did not accept the request (" + gitHub + ") while " + what + ".";
                case 500, 502, 503, 504 -> "GitHub had a server problem (HTTP " + gitHub + ") while " + what
                        + ". This is usually temporary: run the failed repositories again later (--retry-failed, or"
                        + " rebuild in Jenkins) and check https://www.githubstatus.com.";
                default -> "GitHub answered HTTP " + gitHub + " while " + what + ".";
            };
            return new RepositoryException(redact(message));
        }
        if (cause instanceof GHIOException && !(cause instanceof HttpException)) {
            return new RepositoryException(redact("The GitHub API call failed (" + cause.getMessage() + ") while " + what + "."));
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (!(root instanceof IOException)) { // an answer github-api could not read, e.g. not GitHub's API at this URL
            return new RepositoryException(redact("The answer of the GitHub API at " + apiUrl + " could not be read ("
                    + root.getClass().getSimpleName() + ") while " + what + ". Check that the API URL points to GitHub's REST API."));
        }
        return new RepositoryException(redact("Could not reach the GitHub API at " + apiUrl + " (" + root.getClass().getSimpleName()
                + ": " + root.getMessage() + ") while " + what + ". Check the API URL, the network and the proxy settings."));
    }

    /** GitHub's "message" plus any "errors[].message" from an error body, for people. */
    static String gitHubMessage(String body) {
        JsonNode json = body == null ? null : RateLimits.parse(body);
        if (json == null || !json.isObject()) {
            String text = body == null ? "" : body.strip();
            return text.isEmpty() ? "(no message)" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
        StringBuilder text = new StringBuilder(json.path("message").asText(""));
        for (JsonNode error : json.path("errors")) {
            String detail = error.isTextual() ? error.asText() : error.path("message").asText(
                    error.path("field").asText("") + " " + error.path("code").asText(""));
            if (!detail.isBlank()) {
                text.append(text.isEmpty() ? "" : ": ").append(detail.trim());
            }
        }
        return text.isEmpty() ? "(no message)" : text.toString();
    }

    /** Removes the current token from text that may have been built from a server answer. */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        try {
            String token = auth.token();
            return token.isEmpty() ? text : text.replace(token, "****");
        } catch (RepositoryException e) {
            return text;
        }
    }
}
