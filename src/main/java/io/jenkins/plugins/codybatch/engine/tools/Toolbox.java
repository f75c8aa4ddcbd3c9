package io.jenkins.plugins.codybatch.engine.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tools of one conversation; runs a call by name and never throws for a bad call. */
public final class Toolbox {

    public static final int DEFAULT_MAX_CHARACTERS = 20_000;

    private final Map<String, Tool> tools = new LinkedHashMap<>();

    public Toolbox(List<Tool> tools) {
        tools.forEach(tool -> this.tools.put(tool.name(), tool));
    }

    /** Editing jobs get the full editor; analysis jobs get a view-only editor. Both get search and find_files. */
    public static Toolbox forJob(Workspace workspace, JobType type, int maxCharacters) {
        boolean readOnly = type == JobType.ANALYSIS;
        return new Toolbox(List.of(
                new TextEditorTool(workspace, maxCharacters, readOnly),
                new SearchTool(workspace),
                new FindFilesTool(workspace)));
    }

    public ArrayNode definitions() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        tools.values().forEach(tool -> array.add(tool.definition()));
        return array;
    }

    public List<String> names() {
        return List.copyOf(tools.keySet());
    }

    public ToolResult call(String name, JsonNode input) {
        Tool tool = tools.get(name);
        if (tool == null) {
            return ToolResult.error("unknown tool '" + name + "'; available tools: " + String.join(", ", tools.keySet()));
        }
        if (input == null || !input.isObject()) {
            return ToolResult.error("the input of " + name + " must be a JSON object.");
        }
        try {
            return ToolResult.ok(tool.run(input));
        } catch (ToolException e) {
            return ToolResult.error(e.getMessage());
        } catch (IOException e) {
            return ToolResult.error("could not access the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (RuntimeException e) {
            return ToolResult.error(name + " failed unexpectedly: " + e);
        }
    }
}
