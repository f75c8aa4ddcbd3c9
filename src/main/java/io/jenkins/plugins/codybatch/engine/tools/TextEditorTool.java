package io.jenkins.plugins.codybatch.engine.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Anthropic's text editor tool ({@code text_editor_20250728}, schema built into the model): view, create,
 * str_replace, insert. In read-only mode (analysis jobs) only view works.
 */
public final class TextEditorTool implements Tool {

    public static final String NAME = "str_replace_based_edit_tool";
    public static final String TYPE = "text_editor_20250728";
    private static final int LISTING_DEPTH = 2;

    private final Workspace workspace;
    private final int maxCharacters;
    private final boolean readOnly;

    public TextEditorTool(Workspace workspace, int maxCharacters, boolean readOnly) {
        this.workspace = workspace;
        this.maxCharacters = maxCharacters;
        this.readOnly = readOnly;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode definition() {
        return JsonNodeFactory.instance.objectNode().put("type", TYPE).put("name", NAME)
                .put("max_characters", maxCharacters);
    }

    @Override
    public String run(JsonNode input) throws ToolException, IOException {
        String command = text(input, "command", true);
        if (readOnly && !command.equals("view")) {
            throw new ToolException("Error: this is a read-only analysis job; '" + command + "' is not allowed."
                    + " Use view, search and find_files, then answer in text.");
        }
        return switch (command) {
            case "view" -> view(input);
            case "create" -> create(input);
            case "str_replace" -> strReplace(input);
            case "insert" -> insert(input);
            case "undo_edit" -> throw new ToolException("Error: undo_edit is not available; make the reverse edit"
                    + " with str_replace instead.");
            default -> throw new ToolException("Error: unknown command '" + command
                    + "'; use view, create, str_replace or insert.");
        };
    }

    private String view(JsonNode input) throws ToolException, IOException {
        String pathArg = text(input, "path", true);
        Path path = workspace.resolve(pathArg);
        if (Files.isDirectory(path)) {
            if (input.hasNonNull("view_range")) {
                throw new ToolException("Error: view_range only applies to files; '" + pathArg + "' is a directory.");
            }
            return truncate(listing(path), null);
        }
        if (!Files.exists(path)) {
            throw new ToolException("Error: File not found: '" + pathArg + "'. Use view on a directory (e.g. /) to"
                    + " see what exists.");
        }
        TextFiles.Text text = TextFiles.read(path, pathArg);
        List<String> lines = lines(text.content());
        int start = 1;
        int end = lines.size();
        JsonNode range = input.get("view_range");
        if (range != null && !range.isNull()) {
            if (!range.isArray() || range.size() != 2 || !range.get(0).canConvertToInt() || !range.get(1).canConvertToInt()) {
                throw new ToolException("Error: view_range must be two integers [start, end]; end -1 means the end"
                        + " of the file.");
            }
            start = range.get(0).asInt();
            end = range.get(1).asInt() == -1 ? lines.size() : range.get(1).asInt();
            if (start < 1 || start > Math.max(lines.size(), 1) || end < start || end > lines.size()) {
                throw new ToolException("Error: invalid view_range [" + range.get(0) + ", " + range.get(1) + "]: '"
                        + pathArg + "' has " + lines.size() + " lines; use 1 <= start <= end <= " + lines.size()
                        + ", or end -1 for the last line.");
            }
        }
        StringBuilder out = new StringBuilder();
        if (!text.validUtf8()) {
            out.append("Note: '").append(pathArg).append("' is not valid UTF-8; undecodable bytes are shown as \uFFFD."
                    + " Editing it is refused.\n");
        }
        for (int i = start; i <= end && i <= lines.size(); i++) {
            out.append(i).append(": ").append(lines.get(i - 1)).append('\n');
        }
        if (lines.isEmpty()) {
            out.append("(empty file)\n");
        }
        return truncate(out.toString(), lines.size());
    }

    private String listing(Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("Files and directories up to ").append(LISTING_DEPTH).append(" levels deep in ")
                .append(workspace.display(dir)).append(", excluding hidden items:\n");
        list(dir, 1, out);
        return out.toString();
    }

    private void list(Path dir, int depth, StringBuilder out) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                if (!entry.getFileName().toString().startsWith(".")) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(null);
        for (Path entry : entries) {
            boolean isDir = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
            out.append(workspace.display(entry)).append(isDir ? "/" : "").append('\n');
            if (isDir && depth < LISTING_DEPTH) {
                list(entry, depth + 1, out);
            }
        }
    }

    private String truncate(String output, Integer lineCount) {
        if (output.length() <= maxCharacters) {
            return output;
        }
        return output.substring(0, maxCharacters) + "\n[Output truncated: showing the first " + maxCharacters
                + " of " + output.length() + " characters"
                + (lineCount == null ? "; view a subdirectory to see more.]" : " (the file has " + lineCount
                        + " lines); use view_range to see the rest.]");
    }

    private String create(JsonNode input) throws ToolException, IOException {
        String pathArg = text(input, "path", true);
        String content = text(input, "file_text", false);
        if (content == null) {
            throw new ToolException("Error: create needs file_text (the whole content of the new file).");
        }
        Path path = workspace.resolve(pathArg);
        if (Files.isDirectory(path)) {
            throw new ToolException("Error: '" + pathArg + "' is a directory; give a file path.");
        }
        boolean existed = Files.exists(path);
        Files.createDirectories(path.getParent());
        // createDirectories may have followed nothing new, but check again in case the tree changed meanwhile
        workspace.resolve(pathArg);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return (existed ? "Overwrote existing file " : "File created successfully at: ") + workspace.display(path);
    }

    private String strReplace(JsonNode input) throws ToolException, IOException {
        String pathArg = text(input, "path", true);
        String oldStr = text(input, "old_str", false);
        if (oldStr == null || oldStr.isEmpty()) {
            throw new ToolException("Error: str_replace needs a non-empty old_str (the exact text to replace).");
        }
        String newStr = input.hasNonNull("new_str") ? text(input, "new_str", false) : "";
        Path path = editableFile(pathArg);
        String original = Files.readString(path, StandardCharsets.UTF_8);
        boolean crlf = original.contains("\r\n") && !oldStr.contains("\r");
        String content = crlf ? original.replace("\r\n", "\n") : original;
        List<Integer> matches = new ArrayList<>();
        for (int at = content.indexOf(oldStr); at >= 0; at = content.indexOf(oldStr, at + 1)) {
            matches.add(at);
        }
        if (matches.isEmpty()) {
            throw new ToolException("Error: No match found for replacement in '" + pathArg + "'. Please check your"
                    + " text and try again: old_str must match exactly, whitespace and indentation included.");
        }
        if (matches.size() > 1) {
            String lines = matches.stream().map(at -> String.valueOf(lineOf(content, at)))
                    .collect(Collectors.joining(", "));
            throw new ToolException("Error: Found " + matches.size() + " matches for replacement text in '" + pathArg
                    + "' (starting at lines " + lines + "). Please provide more context to make a unique match.");
        }
        int at = matches.get(0);
        String updated = content.substring(0, at) + newStr + content.substring(at + oldStr.length());
        Files.writeString(path, crlf ? updated.replace("\n", "\r\n") : updated, StandardCharsets.UTF_8);
        return "Successfully replaced text at exactly one location (line " + lineOf(content, at) + " of "
                + workspace.display(path) + ").";
    }

    private String insert(JsonNode input) throws ToolException, IOException {
        String pathArg = text(input, "path", true);
        JsonNode lineNode = input.get("insert_line");
        if (lineNode == null || !lineNode.canConvertToInt()) {
            throw new ToolException("Error: insert needs insert_line (insert after this line; 0 = top of file).");
        }
        String newText = input.hasNonNull("insert_text") ? text(input, "insert_text", false)
                : input.hasNonNull("new_str") ? text(input, "new_str", false) : null;
        if (newText == null) {
            throw new ToolException("Error: insert needs insert_text (the text to insert).");
        }
        Path path = editableFile(pathArg);
        String original = Files.readString(path, StandardCharsets.UTF_8);
        boolean crlf = original.contains("\r\n");
        String content = crlf ? original.replace("\r\n", "\n") : original;
        List<String> lines = lines(content);
        int after = lineNode.asInt();
        if (after < 0 || after > lines.size()) {
            throw new ToolException("Error: insert_line " + after + " is out of range: '" + pathArg + "' has "
                    + lines.size() + " lines (use 0 to " + lines.size() + ").");
        }
        int offset = 0;
        for (int i = 0; i < after; i++) {
            offset = content.indexOf('\n', offset) + 1;
            if (offset == 0) {
                offset = content.length(); // last line without a newline
            }
        }
        String block = newText.endsWith("\n") ? newText : newText + "\n";
        String prefix = content.substring(0, offset);
        if (!prefix.isEmpty() && !prefix.endsWith("\n")) {
            prefix += "\n";
        }
        String updated = prefix + block + content.substring(offset);
        Files.writeString(path, crlf ? updated.replace("\n", "\r\n") : updated, StandardCharsets.UTF_8);
        return "Inserted text after line " + after + " of " + workspace.display(path) + ".";
    }

    /** An existing, text, UTF-8 file inside the checkout. */
    private Path editableFile(String pathArg) throws ToolException, IOException {
        Path path = workspace.resolve(pathArg);
        if (Files.isDirectory(path)) {
            throw new ToolException("Error: '" + pathArg + "' is a directory; give a file path.");
        }
        if (!Files.exists(path)) {
            throw new ToolException("Error: File not found: '" + pathArg + "'. Use create to make a new file.");
        }
        if (!TextFiles.read(path, pathArg).validUtf8()) {
            throw new ToolException("Error: '" + pathArg + "' is not valid UTF-8; editing it could corrupt it, so it"
                    + " is refused.");
        }
        return path;
    }

    /** Lines without their terminators; a final newline does not start another line. */
    static List<String> lines(String content) {
        if (content.isEmpty()) {
            return List.of();
        }
        String body = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        List<String> result = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            result.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return result;
    }

    private static int lineOf(String content, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (content.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static String text(JsonNode input, String field, boolean required) throws ToolException {
        JsonNode value = input == null ? null : input.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ToolException("Error: missing required parameter '" + field + "'.");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new ToolException("Error: parameter '" + field + "' must be a string.");
        }
        return value.asText();
    }
}
