package io.jenkins.plugins.codybatch.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one conversation as they go to the Messages API: where the cache breakpoints sit, which messages
 * the transcript has not logged yet, and clearing old tool results when the context window fills up.
 */
final class MessageHistory {

    static final String CLEARED_NOTE = "[Old tool result cleared to keep the conversation within the context window."
            + " Run the tool again if you need it.]";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<ObjectNode> messages = new ArrayList<>();
    private final Transcript transcript;
    private int loggedMessages;
    private int previousTail = -1;
    private long lastPromptTokens;

    MessageHistory(Transcript transcript) {
        this.transcript = transcript;
    }

    void add(String role, ArrayNode content) {
        ObjectNode message = F.objectNode().put("role", role);
        message.set("content", content);
        messages.add(message);
    }

    void addUserText(String text) {
        add("user", F.arrayNode().add(textBlock(text)));
    }

    /** The assistant's reply; the response event of the transcript already holds it. */
    void addReply(ArrayNode content, Usage used) {
        add("assistant", content.isEmpty() ? F.arrayNode().add(textBlock("(no content)")) : content);
        loggedMessages = messages.size();
        lastPromptTokens = used.inputTokens() + used.cacheCreationInputTokens() + used.cacheReadInputTokens()
                + used.outputTokens();
    }

    /** The content blocks of the newest message. */
    ArrayNode lastContent() {
        return (ArrayNode) messages.get(messages.size() - 1).get("content");
    }

    int size() {
        return messages.size();
    }

    /** The messages added since the last call, for the transcript's request event. */
    ArrayNode takeUnlogged() {
        ArrayNode added = F.arrayNode();
        for (int i = loggedMessages; i < messages.size(); i++) {
            added.add(messages.get(i));
        }
        loggedMessages = messages.size();
        return added;
    }

    /**
     * The request, with cache breakpoints on the system prompt (which caches the tools before it too), on the
     * last block of the previous request (where the last cache entry was written) and on the newest block,
     * so each request re-bills only what was added: 3 of the 4 allowed breakpoints.
     */
    ObjectNode request(String model, int maxTokens, String systemPrompt, ArrayNode tools) {
        ObjectNode request = F.objectNode();
        request.put("model", model);
        request.put("max_tokens", maxTokens);
        request.putArray("system").add(textBlock(systemPrompt).set("cache_control", ephemeral()));
        request.set("tools", tools);
        ArrayNode wire = request.putArray("messages");
        for (ObjectNode message : messages) {
            wire.add(message.deepCopy());
        }
        int tail = messages.size() - 1;
        markLastBlock(wire, tail);
        if (previousTail >= 0 && previousTail < tail) {
            markLastBlock(wire, previousTail);
        }
        previousTail = tail;
        return request;
    }

    /** Estimates the next request from the last one (prompt + reply) plus what was added since. */
    void clearIfNearWindow(AgentSettings settings) {
        long added = 0;
        for (int i = loggedMessages; i < messages.size(); i++) {
            added += messages.get(i).toString().length() / 4;
        }
        long estimate = lastPromptTokens + added;
        if (estimate >= settings.contextWindowTokens() * settings.clearAtFraction()) {
            clearToolResults(settings.keepRecentToolResults(), "about " + estimate + " of "
                    + settings.contextWindowTokens() + " context tokens in use");
        }
    }

    /** Replaces all but the {@code keep} newest tool results with a short note; returns how many it cleared. */
    int clearToolResults(int keep, String reason) {
        List<ObjectNode> live = new ArrayList<>();
        for (ObjectNode message : messages) {
            if (message.path("content") instanceof ArrayNode blocks) {
                for (JsonNode block : blocks) {
                    if ("tool_result".equals(block.path("type").asText())
                            && !CLEARED_NOTE.equals(block.path("content").asText())) {
                        live.add((ObjectNode) block);
                    }
                }
            }
        }
        int toClear = Math.max(0, live.size() - keep);
        if (toClear == 0) {
            return 0;
        }
        ArrayNode ids = F.arrayNode();
        for (ObjectNode block : live.subList(0, toClear)) {
            block.put("content", CLEARED_NOTE);
            ids.add(block.path("tool_use_id").asText());
        }
        ObjectNode event = Transcript.event("context_cleared");
        event.put("reason", reason).put("cleared", toClear).put("kept", live.size() - toClear);
        event.set("tool_use_ids", ids);
        transcript.write(event);
        return toClear;
    }

    /** The text blocks of a reply, joined by newlines. */
    static String texts(ArrayNode content) {
        StringBuilder out = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(block.path("text").asText());
            }
        }
        return out.toString().trim();
    }

    static ObjectNode textBlock(String text) {
        return F.objectNode().put("type", "text").put("text", text);
    }

    private static void markLastBlock(ArrayNode wire, int index) {
        ArrayNode blocks = (ArrayNode) wire.get(index).get("content");
        if (!blocks.isEmpty()) {
            ((ObjectNode) blocks.get(blocks.size() - 1)).set("cache_control", ephemeral());
        }
    }

    private static ObjectNode ephemeral() {
        return F.objectNode().put("type", "ephemeral");
    }
}
