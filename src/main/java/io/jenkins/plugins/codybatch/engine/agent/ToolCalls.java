package io.jenkins.plugins.codybatch.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.tools.ToolResult;
import io.jenkins.plugins.codybatch.engine.tools.Toolbox;

/**
 * Runs the tool calls of one assistant reply, logging each call and result, and answers them in order; a reply cut
 * off in the middle of a call gets its complete calls run and a note instead.
 */
final class ToolCalls {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ToolCalls() {
    }

    /** The {@code tool_result} blocks for the reply's {@code tool_use} blocks; empty when it has none. */
    static ArrayNode run(Toolbox toolbox, ArrayNode content, Transcript transcript) {
        ArrayNode results = F.arrayNode();
        for (JsonNode block : content) {
            if (!"tool_use".equals(block.path("type").asText())) {
                continue;
            }
            String id = block.path("id").asText();
            String name = block.path("name").asText();
            ObjectNode call = Transcript.event("tool_call");
            call.put("id", id).put("name", name);
            call.set("input", block.get("input"));
            transcript.write(call);
            long start = System.nanoTime();
            ToolResult result = toolbox.call(name, block.get("input"));
            ObjectNode done = Transcript.event("tool_result");
            done.put("id", id).put("name", name).put("is_error", result.isError())
                    .put("duration_ms", (System.nanoTime() - start) / 1_000_000).put("content", result.content());
            transcript.write(done);
            ObjectNode toolResult = F.objectNode().put("type", "tool_result").put("tool_use_id", id)
                    .put("content", result.content().isEmpty() ? "(no output)" : result.content());
            if (result.isError()) {
                toolResult.put("is_error", true);
            }
            results.add(toolResult);
        }
        return results;
    }

    /** The reply ended mid-way; a cut-off tool call cannot be run, so say so and let the model go on. */
    static void continueCutOffTurn(Toolbox toolbox, MessageHistory messages, Transcript transcript, String stop) {
        ArrayNode blocks = messages.lastContent();
        String note;
        JsonNode last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        if (last != null && "tool_use".equals(last.path("type").asText())) {
            blocks.remove(blocks.size() - 1);
            if (blocks.isEmpty()) {
                blocks.add(MessageHistory.textBlock("(reply cut off)"));
            }
            ObjectNode cut = Transcript.event("tool_use_truncated");
            cut.put("name", last.path("name").asText()).put("stop_reason", stop);
            transcript.write(cut);
            note = "Your last reply was cut off (" + stop + ") while you were writing a call to "
                    + last.path("name").asText() + "; that call was not run. Continue in smaller steps, e.g."
                    + " create a large file in parts (create, then insert).";
        } else {
            note = "Your last reply was cut off (" + stop + "). Continue where you stopped.";
        }
        ArrayNode reply = run(toolbox, blocks, transcript); // complete tool calls before the cut still get their results
        reply.add(MessageHistory.textBlock(note));
        messages.add("user", reply);
    }
}
