package io.jenkins.plugins.codybatch.engine.tools;

/** What a tool call returns to the model: text, and whether it is an error (tool_result is_error). */
public record ToolResult(String content, boolean isError) {

    public static ToolResult ok(String content) {
        return new ToolResult(content, false);
    }

    public static ToolResult error(String message) {
        return new ToolResult(message.startsWith("Error:") ? message : "Error: " + message, true);
    }
}
