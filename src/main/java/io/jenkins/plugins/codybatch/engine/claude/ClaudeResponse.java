package io.jenkins.plugins.codybatch.engine.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.codybatch.engine.results.Usage;

/**
 * One successful Messages API response.
 *
 * @param body       the parsed JSON message
 * @param requestId  the request-id header (null if absent)
 * @param durationMillis time of the successful attempt
 * @param attempts   attempts made, retries included
 * @param batchId    the message batch that answered it (billed at the batch price), or null for a direct request
 */
public record ClaudeResponse(JsonNode body, String requestId, long durationMillis, int attempts, String batchId) {

    /** A direct request's response. */
    public ClaudeResponse(JsonNode body, String requestId, long durationMillis, int attempts) {
        this(body, requestId, durationMillis, attempts, null);
    }

    public String stopReason() {
        JsonNode reason = body.get("stop_reason");
        return reason == null || reason.isNull() ? null : reason.asText();
    }

    public ArrayNode content() {
        JsonNode content = body.get("content");
        return content instanceof ArrayNode array ? array : JsonNodeFactory.instance.arrayNode();
    }

    public Usage usage() {
        return usageOf(body.get("usage"));
    }

    static Usage usageOf(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.ZERO;
        }
        return new Usage(
                usage.path("input_tokens").asLong(0),
                usage.path("output_tokens").asLong(0),
                usage.path("cache_creation_input_tokens").asLong(0),
                usage.path("cache_read_input_tokens").asLong(0));
    }
}
