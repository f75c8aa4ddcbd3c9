package io.jenkins.plugins.codybatch.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake Messages API serving many repositories at once: it tells them apart by the repository the system prompt
 * names, serves that repository's queued faults first, then its script (by turn = assistant messages so far).
 * Every request body is kept, for the secret scan.
 */
public final class FakeClaude extends Dispatcher {

    private static final Pattern REPOSITORY = Pattern.compile("git repository (\\S+?)\\. Its checkout");

    /** Script of one repository: (turn, request) to the answer. */
    public interface Script extends BiFunction<Integer, JsonNode, MockResponse> {}

    public final List<String> bodies = new CopyOnWriteArrayList<>();
    public final Map<String, ConcurrentLinkedDeque<MockResponse>> faults = new ConcurrentHashMap<>();
    public final Map<String, Script> scripts = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** When set, every request is refused like a revoked key. */
    public volatile boolean revoked;

    public void fault(String repository, MockResponse... responses) {
        faults.computeIfAbsent(repository, r -> new ConcurrentLinkedDeque<>()).addAll(List.of(responses));
    }

    public int requests(String repository) {
        AtomicInteger count = requests.get(repository);
        return count == null ? 0 : count.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String text = request.getBody() == null ? "" : request.getBody().utf8();
        bodies.add(text);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return error(400, "invalid_request_error", "body is not JSON");
        }
        String system = body.path("system").path(0).path("text").asText();
        Matcher m = REPOSITORY.matcher(system);
        String repository = m.find() ? m.group(1) : "?";
        requests.computeIfAbsent(repository, r -> new AtomicInteger()).incrementAndGet();
        if (revoked) {
            return error(401, "authentication_error", "invalid x-api-key");
        }
        ConcurrentLinkedDeque<MockResponse> queued = faults.get(repository);
        MockResponse fault = queued == null ? null : queued.poll();
        if (fault != null) {
            return fault;
        }
        int turn = 0;
        for (JsonNode message : body.path("messages")) {
            if (message.path("role").asText().equals("assistant")) {
                turn++;
            }
        }
        return scripts.getOrDefault(repository, FakeClaude::addChangelog).apply(turn, body);
    }

    /** The default script: create CHANGES.md, then finish. */
    public static MockResponse addChangelog(int turn, JsonNode request) {
        return turn == 0
                ? reply("tool_use", toolUse("toolu_1", "str_replace_based_edit_tool", "command", "create", "path",
                        "CHANGES.md", "file_text", "- changed by the batch\n"))
                : reply("end_turn", text("Added CHANGES.md."));
    }

    public static ObjectNode text(String text) {
        return Json.MAPPER.createObjectNode().put("type", "text").put("text", text);
    }

    public static ObjectNode toolUse(String id, String tool, Object... keyValues) {
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", id).put("name", tool);
        ObjectNode input = block.putObject("input");
        for (int i = 0; i < keyValues.length; i += 2) {
            input.set((String) keyValues[i], Json.MAPPER.valueToTree(keyValues[i + 1]));
        }
        return block;
    }

    public static String replyBody(String stopReason, ObjectNode... blocks) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", "msg_fake").put("type", "message")
                .put("role", "assistant").put("model", "claude-sonnet-4-6").put("stop_reason", stopReason);
        ArrayNode content = body.putArray("content");
        for (ObjectNode block : blocks) {
            content.add(block);
        }
        body.putObject("usage").put("input_tokens", 1000).put("output_tokens", 100)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return body.toString();
    }

    public static MockResponse reply(String stopReason, ObjectNode... blocks) {
        return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .addHeader("request-id", "req_fake").body(replyBody(stopReason, blocks)).build();
    }

    public static MockResponse error(int code, String type, String message) {
        return new MockResponse.Builder().code(code).addHeader("content-type", "application/json")
                .addHeader("request-id", "req_err" + code)
                .body("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}").build();
    }
}
