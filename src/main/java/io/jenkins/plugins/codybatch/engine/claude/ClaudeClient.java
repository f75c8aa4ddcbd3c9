package io.jenkins.plugins.codybatch.engine.claude;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeApiException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Anthropic Messages API over plain HTTP: sends requests, retries what is worth retrying, and turns
 * every failure into a {@link ClaudeApiException} a person can act on. Thread-safe; one per API key.
 */
public final class ClaudeClient implements MessageSender {

    public static final String API_VERSION = "2023-06-01";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ClaudeSettings settings;
    private final String apiKey;
    private final OkHttpClient http;
    private final Sleeper sleeper;
    private final Redactor redactor;
    private final RateLimiter limiter;
    private final ApiErrors errors;
    private final RetryPolicy retries;
    /** Parsed once (parsing it for every request was about 1 % of a local batch's CPU); null when not a URL. */
    private final HttpUrl messagesUrl;

    /**
     * @param http    an externally configured client (Jenkins passes one with its proxy settings), or
     *                {@link #defaultHttpClient(ClaudeSettings)}
     * @param limiter paces the Messages requests; {@link RateLimiter#shared} to share it with every client of the
     *                same organization in this process
     */
    public ClaudeClient(ClaudeSettings settings, String apiKey, OkHttpClient http, Sleeper sleeper,
            RateLimiter limiter) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException(
                    "No Anthropic API key given. Set ANTHROPIC_API_KEY or choose a credential holding the key.");
        }
        this.settings = settings;
        this.apiKey = apiKey.trim();
        this.http = http;
        this.sleeper = sleeper;
        this.redactor = Redactor.of(this.apiKey);
        this.errors = new ApiErrors(settings, redactor);
        this.retries = new RetryPolicy(settings);
        this.messagesUrl = HttpUrl.parse(settings.baseUrl() + "/v1/messages");
        this.limiter = limiter;
    }

    /** A client with a limiter of its own (see {@link RateLimiter#shared} to share one). */
    public ClaudeClient(ClaudeSettings settings, String apiKey, OkHttpClient http, Sleeper sleeper) {
        this(settings, apiKey, http, sleeper, new RateLimiter());
    }

    public ClaudeClient(ClaudeSettings settings, String apiKey) {
        this(settings, apiKey, defaultHttpClient(settings), Sleeper.REAL);
    }

    /** A client with the settings' timeouts; many repositories may talk to the API at once. */
    public static OkHttpClient defaultHttpClient(ClaudeSettings settings) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false) // our own loop retries, with backoff and a transcript entry
                .build();
    }

    @Override
    public ClaudeSettings settings() {
        return settings;
    }

    /** A redactor that hides this client's API key; add other secrets with {@link Redactor#plus}. */
    public Redactor redactor() {
        return redactor;
    }

    /** POST /v1/messages with retries. The body must already hold model, max_tokens, messages. */
    @Override
    public ClaudeResponse createMessage(ObjectNode body, RetryListener listener)
            throws ClaudeApiException, InterruptedException {
        String json;
        try {
            json = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request not serializable", e);
        }
        Request request = baseRequest(messagesUrl()).post(RequestBody.create(json, JSON)).build();
        Raw raw = execute(request, listener, json.length());
        JsonNode parsed = ApiErrors.parseJson(raw);
        if (parsed == null || !parsed.isObject() || !parsed.has("content")) {
            throw errors.notJson(raw);
        }
        ClaudeResponse response = new ClaudeResponse(parsed, raw.requestId(), raw.durationMillis(), raw.attempts());
        limiter.learn(json.length(), response.usage());
        return response;
    }

    /**
     * Another endpoint of the same API (the Message Batches API): the same headers, retries and errors, but not paced
     * by the limiter (batch endpoints have limits of their own). {@code pathOrUrl} is a path under the base URL or a
     * URL under it (a batch's results_url; any other address is refused so the key goes nowhere else). {@code json}
     * null sends a GET, else a POST. Returns the body text.
     */
    String exchange(String pathOrUrl, String json, String accept) throws ClaudeApiException, InterruptedException {
        String full = pathOrUrl.startsWith("/") ? settings.baseUrl() + pathOrUrl : pathOrUrl;
        HttpUrl url = HttpUrl.parse(full);
        if (url == null || !full.startsWith(settings.baseUrl() + "/")) {
            throw new IllegalArgumentException("not an address of the Claude API at " + settings.baseUrl() + ": " + full);
        }
        Request.Builder builder = baseRequest(url).header("accept", accept);
        builder = json == null ? builder.get() : builder.post(RequestBody.create(json, JSON));
        return execute(builder.build(), RetryListener.NONE, -1).body();
    }

    /**
     * GET /v1/models/{model}: is the key valid and is the configured model available to it?
     * Never throws for an API or network problem; the verdict says what is wrong.
     */
    public ModelCheck checkModel() throws InterruptedException {
        HttpUrl url = HttpUrl.parse(settings.baseUrl() + "/v1/models");
        if (url == null) {
            return new ModelCheck(null, false, "The Anthropic API URL '" + settings.baseUrl() + "' is not a valid URL.");
        }
        url = url.newBuilder().addPathSegment(settings.model()).build();
        Request request = baseRequest(url).get().build();
        try {
            Raw raw = execute(request, RetryListener.NONE, -1);
            JsonNode parsed = ApiErrors.parseJson(raw);
            if (parsed == null) {
                throw errors.notJson(raw);
            }
            String name = parsed.path("display_name").asText(settings.model());
            return new ModelCheck(true, true, "API key accepted; model " + settings.model() + " (" + name
                    + ") is available at " + settings.baseUrl() + ".");
        } catch (ClaudeApiException e) {
            return switch (e.kind()) {
                case AUTHENTICATION -> new ModelCheck(false, false, e.getMessage());
                case MODEL_NOT_FOUND, NOT_FOUND -> new ModelCheck(true, false, errors.modelNotFoundMessage(e.requestId()));
                case PERMISSION, BILLING -> new ModelCheck(true, false, e.getMessage());
                default -> new ModelCheck(null, false, e.getMessage());
            };
        }
    }

    private HttpUrl messagesUrl() {
        if (messagesUrl == null) {
            throw new IllegalArgumentException("The Anthropic API URL '" + settings.baseUrl() + "' is not a valid URL");
        }
        return messagesUrl;
    }

    private Request.Builder baseRequest(HttpUrl url) {
        return new Request.Builder()
                .url(url)
                .header("x-api-key", apiKey)
                .header("anthropic-version", API_VERSION)
                .header("content-type", "application/json")
                .header("accept", "application/json");
    }

    /** The bytes of one HTTP exchange that ended with a response. */
    record Raw(int status, Headers headers, String body, String requestId, long durationMillis, int attempts) {}

    /**
     * Sends with retries. Messages requests ({@code pacedChars} >= 0, their JSON length) go through the limiter, which
     * may hold them back; the wait before a retry is the larger of its own backoff and the limiter's.
     */
    private Raw execute(Request request, RetryListener listener, long pacedChars)
            throws ClaudeApiException, InterruptedException {
        long waitedMillis = 0;
        Duration backoff = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            RateLimiter.Permit permit = pacedChars >= 0 ? limiter.reserve(pacedChars, backoff) : null;
            Duration wait = permit == null ? backoff : permit.delay();
            if (!wait.isZero()) {
                sleeper.sleep(wait);
            }
            if (permit != null) {
                permit.enter();
            }
            long start = System.nanoTime();
            Raw raw;
            try {
                raw = call(request, attempt, start);
            } catch (IOException e) {
                finish(permit, 0, null);
                String reason = describe(e);
                Duration delay = retries.backoff(attempt);
                // a name that does not resolve will not resolve in a second; a refused connection gets two more tries
                boolean hopeless = e instanceof java.net.UnknownHostException
                        || (e instanceof java.net.ConnectException && attempt >= 3);
                if (hopeless || !retries.allows(attempt, waitedMillis, delay)) {
                    throw new ClaudeApiException(Kind.NETWORK, 0, null, null, redactor.redact(
                            "Could not get an answer from the Claude API at " + settings.baseUrl() + " after "
                                    + attempt + " attempt(s): " + reason
                                    + ". Check the network, the proxy settings and the API URL, then run again."));
                }
                listener.retrying(attempt, 0, redactor.redact(reason), delay);
                backoff = delay;
                waitedMillis += delay.toMillis();
                continue;
            } catch (InterruptedException e) {
                finish(permit, 0, null);
                throw e;
            }
            finish(permit, raw.status(), raw.headers());
            if (raw.status() >= 200 && raw.status() < 300) {
                return raw;
            }
            ClaudeApiException failure = errors.failure(raw, attempt);
            if (!RetryPolicy.isRetryable(raw.status(), raw.headers(), raw.body())) {
                throw failure;
            }
            Duration delay = RetryPolicy.retryAfter(raw.headers()).orElse(retries.backoff(attempt));
            if (!retries.allows(attempt, waitedMillis, delay)) {
                throw failure;
            }
            listener.retrying(attempt, raw.status(), failure.errorType() == null ? "HTTP " + raw.status()
                    : failure.errorType(), delay);
            backoff = delay;
            waitedMillis += delay.toMillis();
        }
    }

    private static void finish(RateLimiter.Permit permit, int status, Headers headers) {
        if (permit != null) {
            permit.finished(status, headers);
        }
    }

    /** Runs one call; an interrupt cancels it at once (OkHttp's blocking read would not notice). */
    private Raw call(Request request, int attempt, long startNanos) throws IOException, InterruptedException {
        Call call = http.newCall(request);
        CompletableFuture<Raw> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    String body = response.body().string();
                    String requestId = response.header("request-id");
                    result.complete(new Raw(response.code(), response.headers(), body, requestId,
                            (System.nanoTime() - startNanos) / 1_000_000, attempt));
                } catch (IOException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            call.cancel();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private static String describe(IOException e) {
        String type = e instanceof InterruptedIOException ? "timed out" : e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + " (" + e.getMessage() + ")";
    }
}
