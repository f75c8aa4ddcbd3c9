package io.jenkins.plugins.codybatch.engine.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeApiException.Kind;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Message Batches API endpoints: create, retrieve, cancel, results (JSONL). Every call goes through
 * {@link ClaudeClient#exchange}, so it has the same headers, retries and error messages as a Messages request.
 */
final class MessageBatches {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A message_batch object: id, processing_status (in_progress, canceling, ended), request_counts, results_url. */
    record Batch(String id, String status, String resultsUrl, JsonNode requestCounts) {
        boolean ended() {
            return "ended".equals(status);
        }
    }

    private final ClaudeClient client;

    MessageBatches(ClaudeClient client) {
        this.client = client;
    }

    /** POST /v1/messages/batches with one request per entry: custom_id → the Messages request body. */
    Batch create(Map<String, ObjectNode> requests) throws ClaudeApiException, InterruptedException {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode list = body.putArray("requests");
        requests.forEach((customId, params) -> list.addObject().put("custom_id", customId).set("params", params));
        return batch(client.exchange("/v1/messages/batches", body.toString(), "application/json"));
    }

    /** GET /v1/messages/batches/{id}. */
    Batch retrieve(String id) throws ClaudeApiException, InterruptedException {
        return batch(client.exchange("/v1/messages/batches/" + id, null, "application/json"));
    }

    /** POST /v1/messages/batches/{id}/cancel: requests not yet processed end as canceled. */
    Batch cancel(String id) throws ClaudeApiException, InterruptedException {
        return batch(client.exchange("/v1/messages/batches/" + id + "/cancel", "{}", "application/json"));
    }

    /**
     * The results of an ended batch, custom_id → result ({@code type} succeeded with {@code message}, errored with
     * {@code error}, canceled or expired), read from its results_url when that is on the API's address.
     */
    Map<String, JsonNode> results(Batch batch) throws ClaudeApiException, InterruptedException {
        String base = client.settings().baseUrl() + "/";
        String where = batch.resultsUrl() != null && batch.resultsUrl().startsWith(base) ? batch.resultsUrl()
                : "/v1/messages/batches/" + batch.id() + "/results";
        String jsonl = client.exchange(where, null, "application/binary");
        Map<String, JsonNode> results = new HashMap<>();
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = parse(line);
            results.put(entry.path("custom_id").asText(), entry.path("result"));
        }
        return results;
    }

    private static Batch batch(String json) throws ClaudeApiException {
        JsonNode node = parse(json);
        if (!"message_batch".equals(node.path("type").asText()) || !node.hasNonNull("id")) {
            throw new ClaudeApiException(Kind.NOT_JSON, 200, null, null,
                    "The Message Batches API answered with something that is not a message batch. Check"
                            + " ANTHROPIC_BASE_URL: the address must serve the Message Batches API too.");
        }
        JsonNode url = node.get("results_url");
        return new Batch(node.get("id").asText(), node.path("processing_status").asText(),
                url == null || url.isNull() ? null : url.asText(), node.path("request_counts"));
    }

    private static JsonNode parse(String json) throws ClaudeApiException {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ClaudeApiException(Kind.NOT_JSON, 200, null, null,
                    "The Message Batches API answered with text that is not JSON. Check ANTHROPIC_BASE_URL.");
        }
    }
}
