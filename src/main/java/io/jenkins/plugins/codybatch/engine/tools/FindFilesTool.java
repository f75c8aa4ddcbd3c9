package io.jenkins.plugins.codybatch.engine.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/** Lists files whose repository-relative path matches a glob, skipping ignored files. */
public final class FindFilesTool implements Tool {

    public static final String NAME = "find_files";
    static final int MAX_RESULTS = 500;

    private final Workspace workspace;

    public FindFilesTool(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode definition() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode props = f.objectNode();
        props.putObject("pattern").put("type", "string").put("description",
                "Glob on the path relative to the repository root, e.g. **/*.java or src/main/**/pom.xml;"
                        + " without a / it matches file names anywhere (e.g. *.md).");
        props.putObject("path").put("type", "string")
                .put("description", "Directory to look in, relative to the repository root (default: all).");
        ObjectNode schema = f.objectNode().put("type", "object");
        schema.set("properties", props);
        schema.putArray("required").add("pattern");
        ObjectNode def = f.objectNode().put("name", NAME)
                .put("description", "Find files by glob (skips files ignored by .gitignore). Returns one path a line.");
        def.set("input_schema", schema);
        return def;
    }

    @Override
    public String run(JsonNode input) throws ToolException {
        String glob = TextEditorTool.text(input, "pattern", true);
        Predicate<String> matcher = Globs.compile(glob);
        String pathArg = TextEditorTool.text(input, "path", false);
        Path start = pathArg == null || pathArg.isBlank() ? workspace.root() : workspace.resolve(pathArg);
        if (!Files.isDirectory(start)) {
            throw new ToolException("Error: '" + pathArg + "' is not a directory.");
        }
        ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();
        new RepoWalker(workspace.root()).walk(start, (file, rel, size, opener) -> {
            if (matcher.test(rel)) {
                found.add(rel);
            }
        });
        List<String> sorted = new ArrayList<>(found);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            return "No files match '" + glob + "'.";
        }
        StringBuilder out = new StringBuilder();
        for (String rel : sorted.subList(0, Math.min(MAX_RESULTS, sorted.size()))) {
            out.append(rel).append('\n');
        }
        if (sorted.size() > MAX_RESULTS) {
            out.append("[Showing the first ").append(MAX_RESULTS).append(" of ").append(sorted.size())
                    .append(" files; use a narrower pattern or path.]\n");
        }
        return out.toString();
    }
}
