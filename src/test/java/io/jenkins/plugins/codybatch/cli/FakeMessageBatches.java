package io.jenkins.plugins.codybatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A fake of the Message Batches API in front of {@link FakeAnthropic} (which keeps answering /v1/messages and plays
 * the model for each batch entry). Shapes as api.anthropic.com: create answers a {@code message_batch} in_progress
 * with every request counted as processing; retrieve ends it after {@link #pollsToEnd} looks (unless held), with
 * request_counts, ended_at and a results_url; results stream JSONL, one line per request in reverse order (the API
 * promises no order); cancel moves it to canceling, and the next retrieve ends it with the unprocessed entries
 * canceled. Per repository an entry can be made to error or expire.
 */
public final class FakeMessageBatches extends Dispatcher {

    /** What a repository's batch entries come to. */
    public enum Entry { SUCCEEDED, ERRORED_INVALID, ERRORED_OVERLOADED, EXPIRED }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** One created batch as the fake keeps it. */
    public static final class Batch {
        public final String id;
        public final List<JsonNode> requests;
        final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        volatile int polls;
        volatile Instant cancelInitiatedAt;
        volatile Instant endedAt;
        volatile String results;
        volatile Map<String, Integer> counts;

        Batch(String id, List<JsonNode> requests) {
            this.id = id;
            this.requests = requests;
        }

        public boolean cancelled() {
            return cancelInitiatedAt != null;
        }
    }

    private final FakeAnthropic messages;
    private final String apiKey;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    public final List<Batch> created = new CopyOnWriteArrayList<>();
    public final List<String> resultAcceptHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Direct POST /v1/messages requests (not through a batch). */
    public final AtomicInteger direct = new AtomicInteger();
    private volatile boolean hold;
    public volatile int pollsToEnd = 1;

    public FakeMessageBatches(FakeAnthropic messages, String apiKey) {
        this.messages = messages;
        this.apiKey = apiKey;
    }

    public FakeMessageBatches entry(String repository, Entry entry) {
        entries.put(repository, entry);
        return this;
    }

    /** Batches stay in_progress until cancelled (for deadlines and cancellation). */
    public FakeMessageBatches hold(boolean value) {
        hold = value;
        return this;
    }

    public int cancels() {
        return (int) created.stream().filter(Batch::cancelled).count();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String path = request.getUrl().encodedPath();
        if (!path.startsWith("/v1/messages/batches")) {
            if (path.equals("/v1/messages")) {
                direct.incrementAndGet();
            }
            return messages.dispatch(request);
        }
        if (!apiKey.equals(request.getHeaders().get("x-api-key"))) {
            return error(401, "authentication_error", "invalid x-api-key");
        }
        String base = request.getUrl().scheme() + "://" + request.getUrl().host() + ":" + request.getUrl().port();
        String[] parts = path.split("/"); // "", v1, messages, batches, {id}, cancel|results
        if (request.getMethod().equals("POST") && parts.length == 4) {
            return create(request);
        }
        Batch batch = parts.length > 4 ? batches.get(parts[4]) : null;
        if (batch == null) {
            return error(404, "not_found_error", "Message batch not found");
        }
        synchronized (batch) {
            if (request.getMethod().equals("GET") && parts.length == 5) {
                batch.polls++;
                if (batch.endedAt == null && (batch.cancelled() || !hold && batch.polls >= pollsToEnd)) {
                    end(batch);
                }
                return json(200, view(batch, base));
            }
            if (request.getMethod().equals("POST") && parts.length == 6 && parts[5].equals("cancel")) {
                if (batch.endedAt == null && batch.cancelInitiatedAt == null) {
                    batch.cancelInitiatedAt = Instant.now();
                }
                return json(200, view(batch, base));
            }
            if (request.getMethod().equals("GET") && parts.length == 6 && parts[5].equals("results")) {
                resultAcceptHeaders.add(request.getHeaders().get("accept"));
                if (batch.endedAt == null) {
                    return error(400, "invalid_request_error", "Message batch " + batch.id
                            + " is still processing; results are available once it has ended.");
                }
                return new MockResponse.Builder().code(200).addHeader("content-type", "application/binary")
                        .addHeader("request-id", "req_011CVresults").body(batch.results).build();
            }
        }
        return error(404, "not_found_error", "Not found");
    }

    private MockResponse create(RecordedRequest request) {
        JsonNode body;
        try {
            body = MAPPER.readTree(request.getBody().utf8());
        } catch (IOException e) {
            return error(400, "invalid_request_error", "body is not JSON");
        }
        JsonNode requests = body.path("requests");
        if (!requests.isArray() || requests.isEmpty()) {
            return error(400, "invalid_request_error", "requests: at least one request is required");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode r : requests) {
            String customId = r.path("custom_id").asText("");
            if (!CUSTOM_ID.matcher(customId).matches() || !seen.add(customId) || !r.path("params").isObject()) {
                return error(400, "invalid_request_error", "requests: custom_id '" + customId
                        + "' must be unique and match ^[a-zA-Z0-9_-]{1,64}$, with params");
            }
        }
        Batch batch = new Batch("msgbatch_013Zva2CMHLNnXjNJJKqJ2EF" + ids.incrementAndGet(),
                List.copyOf(MAPPER.convertValue(requests, new com.fasterxml.jackson.core.type.TypeReference<List<JsonNode>>() {})));
        batches.put(batch.id, batch);
        created.add(batch);
        return json(200, view(batch, request.getUrl().scheme() + "://" + request.getUrl().host() + ":"
                + request.getUrl().port()));
    }

    /** Works every entry (unless the batch was cancelled before it ended) and writes the results JSONL. */
    private void end(Batch batch) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>(Map.of("processing", 0, "succeeded", 0,
                "errored", 0, "canceled", 0, "expired", 0));
        StringBuilder jsonl = new StringBuilder();
        for (int i = batch.requests.size() - 1; i >= 0; i--) {
            JsonNode request = batch.requests.get(i);
            JsonNode params = request.get("params");
            ObjectNode line = MAPPER.createObjectNode().put("custom_id", request.get("custom_id").asText());
            ObjectNode result = line.putObject("result");
            Entry entry = entries.getOrDefault(FakeAnthropic.repository(params.path("system")), Entry.SUCCEEDED);
            if (batch.cancelled()) {
                result.put("type", "canceled");
            } else if (entry == Entry.EXPIRED) {
                result.put("type", "expired");
            } else if (entry == Entry.ERRORED_INVALID || entry == Entry.ERRORED_OVERLOADED) {
                boolean invalid = entry == Entry.ERRORED_INVALID;
                result.put("type", "errored");
                ObjectNode error = result.putObject("error").put("type", "error");
                error.putObject("error").put("type", invalid ? "invalid_request_error" : "overloaded_error")
                        .put("message", invalid ? "messages.0.content: Input should be a valid list" : "Overloaded");
                error.put("request_id", "req_011CVerrored" + i);
            } else {
                MockResponse answer = messages.messages(params);
                String text = text(answer);
                if (answer.getCode() == 200) {
                    result.put("type", "succeeded");
                    result.set("message", parse(text));
                } else {
                    result.put("type", "errored");
                    result.set("error", parse(text));
                }
            }
            counts.merge(result.get("type").asText(), 1, Integer::sum);
            jsonl.append(line).append('\n');
        }
        batch.counts = counts;
        batch.results = jsonl.toString();
        batch.endedAt = Instant.now();
    }

    private static String view(Batch batch, String base) {
        ObjectNode view = MAPPER.createObjectNode().put("id", batch.id).put("type", "message_batch");
        view.put("processing_status", batch.endedAt != null ? "ended" : batch.cancelled() ? "canceling" : "in_progress");
        ObjectNode counts = view.putObject("request_counts");
        if (batch.counts != null) {
            batch.counts.forEach(counts::put);
        } else {
            counts.put("processing", batch.requests.size()).put("succeeded", 0).put("errored", 0).put("canceled", 0)
                    .put("expired", 0);
        }
        view.put("created_at", batch.createdAt.toString());
        view.put("expires_at", batch.createdAt.plus(24, ChronoUnit.HOURS).toString());
        putInstant(view, "ended_at", batch.endedAt);
        putInstant(view, "cancel_initiated_at", batch.cancelInitiatedAt);
        view.putNull("archived_at");
        if (batch.endedAt != null) {
            view.put("results_url", base + "/v1/messages/batches/" + batch.id + "/results");
        } else {
            view.putNull("results_url");
        }
        return view.toString();
    }

    private static void putInstant(ObjectNode node, String name, Instant value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value.toString());
        }
    }

    private static String text(MockResponse response) {
        Buffer buffer = new Buffer();
        try {
            response.getBody().writeTo(buffer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return buffer.readUtf8();
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("content-type", "application/json")
                .addHeader("request-id", "req_011CVbatches").body(body).build();
    }

    private static MockResponse error(int code, String type, String message) {
        return json(code, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
                + "\"},\"request_id\":\"req_011CVbatcherr\"}");
    }
}
