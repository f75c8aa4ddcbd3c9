package io.jenkins.plugins.codybatch.engine.tools;

/** A tool call the model got wrong (bad path, no match...); becomes an is_error tool_result. */
public final class ToolException extends Exception {

    public ToolException(String message) {
        super(message);
    }
}
