package io.jenkins.plugins.codybatch.engine.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.tools.TextEditorTool;
import mockwebserver3.MockResponse;

/** Responses shaped like the Anthropic Messages API's, for a MockWebServer playing it (engine and Jenkins tests). */
public final class FakeMessages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeMessages() {}

    public static ObjectNode text(String text) {
        return MAPPER.createObjectNode().put("type", "text").put("text", text);
    }

    /** A text editor tool call; {@code keyValues} alternate input names and values. */
    public static ObjectNode toolUse(String id, Object... keyValues) {
        ObjectNode block = MAPPER.createObjectNode().put("type", "tool_use").put("id", id)
                .put("name", TextEditorTool.NAME);
        ObjectNode input = block.putObject("input");
        for (int i = 0; i < keyValues.length; i += 2) {
            input.set((String) keyValues[i], MAPPER.valueToTree(keyValues[i + 1]));
        }
        return block;
    }

    public static MockResponse reply(String stopReason, long inputTokens, long outputTokens, ObjectNode... blocks) {
        ObjectNode body = MAPPER.createObjectNode().put("id", "msg_x").put("type", "message").put("role", "assistant")
                .put("model", "claude-sonnet-4-6").put("stop_reason", stopReason);
        ArrayNode content = body.putArray("content");
        for (ObjectNode block : blocks) {
            content.add(block);
        }
        body.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .addHeader("request-id", "req_" + stopReason).body(body.toString()).build();
    }
}
