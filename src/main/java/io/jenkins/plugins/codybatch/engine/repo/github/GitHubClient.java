package io.jenkins.plugins.codybatch.engine.repo.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A small GitHub REST client on OkHttp + Jackson. Written by hand rather than through github-api so that rate-limit
 * waits are bounded and go through an injectable {@link Sleeper}/{@link Clock}, and the caller's OkHttpClient
 * (Jenkins proxy settings) is used as is. Error messages never contain the token.
 */
public final class GitHubClient {

    public static final String DEFAULT_API_URL = "https://api.github.com";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final int MAX_ATTEMPTS = 4;
    /** GitHub asks clients hitting a secondary rate limit without Retry-After to wait at least a minute. */
    private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofSeconds(60);

    private final String apiUrl;
    private final GitHubAuth auth;
    private final OkHttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;

    /**
     * @param apiUrl  https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server
     * @param http    the caller's client (proxy, timeouts)
     * @param maxWait the longest single wait for a rate limit; beyond it the call fails with a message
     */
    public GitHubClient(String apiUrl, GitHubAuth auth, OkHttpClient http, Clock clock, Sleeper sleeper, Duration maxWait) {
        this.apiUrl = stripSlash(apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.trim());
        this.auth = auth;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
    }

    public GitHubClient(String apiUrl, GitHubAuth auth, OkHttpClient http) {
        this(apiUrl, auth, http, Clock.systemUTC(), Sleeper.SYSTEM, Duration.ofMinutes(15));
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

    /** A reply with status, parsed JSON body (MissingNode when empty or not JSON) and headers. */
    public record Reply(int code, JsonNode json, Headers headers) {
        public boolean ok() {
            return code >= 200 && code < 300;
        }

        /** GitHub's "message" plus any "errors[].message", for people. */
        public String gitHubMessage() {
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
    }

    public Reply get(String path) throws RepositoryException {
        return send("GET", path, null);
    }

    public Reply post(String path, Object body) throws RepositoryException {
        return send("POST", path, body);
    }

    public Reply patch(String path, Object body) throws RepositoryException {
        return send("PATCH", path, body);
    }

    /** GETs every page (Link: rel="next") of a list endpoint; {@code itemsField} is null for plain arrays. */
    public List<JsonNode> getAllPages(String path, String itemsField, String what) throws RepositoryException {
        List<JsonNode> items = new ArrayList<>();
        String next = path;
        while (next != null) {
            Reply reply = send("GET", next, null);
            if (!reply.ok()) {
                throw failure(reply, what);
            }
            JsonNode page = itemsField == null ? reply.json() : reply.json().path(itemsField);
            page.forEach(items::add);
            next = nextLink(reply.headers().get("Link"));
        }
        return items;
    }

    /** Token validity, scopes and remaining rate limit. */
    public ConnectionCheck checkConnection() throws RepositoryException {
        Reply limits = get("/rate_limit");
        if (!limits.ok()) {
            throw failure(limits, "checking the connection to " + apiUrl);
        }
        String scopesHeader = limits.headers().get("X-OAuth-Scopes");
        List<String> scopes = scopesHeader == null || scopesHeader.isBlank()
                ? List.of()
                : Arrays.stream(scopesHeader.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        JsonNode core = limits.json().path("resources").path("core");
        Reply user = get("/user");
        String login = user.ok() ? user.json().path("login").asText(null) : null;
        return new ConnectionCheck(login, scopes, core.path("remaining").asInt(), core.path("limit").asInt(),
                Instant.ofEpochSecond(core.path("reset").asLong()));
    }

    /** Sends one request, waiting out rate limits (bounded); returns the reply whatever its status. */
    public Reply send(String method, String path, Object body) throws RepositoryException {
        String url = path.startsWith("http") ? path : apiUrl + path;
        for (int attempt = 1; ; attempt++) {
            Reply reply = execute(method, url, body);
            Duration wait = rateLimitWait(reply);
            if (wait == null) {
                return reply;
            }
            if (attempt >= MAX_ATTEMPTS || wait.compareTo(maxWait) > 0) {
                throw rateLimited(reply);
            }
            pause(wait);
        }
    }

    private Reply execute(String method, String url, Object body) throws RepositoryException {
        Request.Builder request = new Request.Builder()
                .url(url)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "cody-batch")
                .header("Authorization", "Bearer " + auth.token());
        try {
            request.method(method, body == null ? (method.equals("GET") ? null : RequestBody.create(new byte[0], JSON))
                    : RequestBody.create(Json.MAPPER.writeValueAsBytes(body), JSON));
            try (Response response = http.newCall(request.build()).execute()) {
                String text = response.body().string();
                JsonNode json = text.isBlank() ? MissingNode.getInstance() : parse(text);
                return new Reply(response.code(), json, response.headers());
            }
        } catch (IOException e) {
            throw new RepositoryException("Could not reach the GitHub API at " + apiUrl + " (" + e.getClass().getSimpleName()
                    + ": " + redact(e.getMessage()) + "). Check the API URL, the network and the proxy settings.");
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** How long to wait before retrying, or null when the reply is not a rate-limit refusal. */
    Duration rateLimitWait(Reply reply) {
        if (reply.code() != 403 && reply.code() != 429) {
            return null;
        }
        String retryAfter = reply.headers().get("Retry-After");
        if (retryAfter != null && retryAfter.trim().matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        }
        if ("0".equals(reply.headers().get("X-RateLimit-Remaining")) && reply.headers().get("X-RateLimit-Reset") != null) {
            Instant reset = Instant.ofEpochSecond(Long.parseLong(reply.headers().get("X-RateLimit-Reset").trim()));
            Duration untilReset = Duration.between(clock.instant(), reset).plusSeconds(1);
            return untilReset.isNegative() ? Duration.ofSeconds(1) : untilReset;
        }
        if (reply.json().path("message").asText("").toLowerCase().contains("secondary rate limit")) {
            return SECONDARY_LIMIT_WAIT;
        }
        return null;
    }

    private RepositoryException rateLimited(Reply reply) {
        String reset = reply.headers().get("X-RateLimit-Reset");
        String when = reset == null ? "" : " It resets at " + Instant.ofEpochSecond(Long.parseLong(reset.trim())) + ".";
        return new RepositoryException("GitHub API rate limit reached (" + reply.gitHubMessage() + ")." + when
                + " Run the batch again later, lower its parallelism, or use a GitHub App, whose limit is higher.");
    }

    private void pause(Duration wait) throws RepositoryException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("Interrupted while waiting for the GitHub rate limit.");
        }
    }

    /** The exception a person sees for a failed call; {@code what} says what we were doing. */
    public RepositoryException failure(Reply reply, String what) {
        String message = switch (reply.code()) {
            case 401 -> "GitHub rejected the credentials (401 " + reply.gitHubMessage() + ") while " + what
                    + ". The " + auth.describe() + " is wrong, expired or revoked: update the credentials.";
            case 403 -> "GitHub refused access (403 " + reply.gitHubMessage() + ") while " + what
                    + ". Give the token the needed permission (repo scope, or Contents/Pull requests write for"
                    + " fine-grained tokens and Apps), or check the organization's SSO authorization.";
            case 404 -> "Not found or no access (404) while " + what
                    + ". Check the owner/name and that the token can see this repository.";
            case 422 -> "GitHub did not accept the request (422 " + reply.gitHubMessage() + ") while " + what + ".";
            default -> "GitHub answered HTTP " + reply.code() + " (" + reply.gitHubMessage() + ") while " + what + ".";
        };
        return new RepositoryException(redact(message));
    }

    /** Removes the current token from text that may have been built from a server answer. */
    String redact(String text) {
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

    static String nextLink(String linkHeader) {
        if (linkHeader == null) {
            return null;
        }
        Matcher m = NEXT_LINK.matcher(linkHeader);
        return m.find() ? m.group(1) : null;
    }

    public String apiUrl() {
        return apiUrl;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
