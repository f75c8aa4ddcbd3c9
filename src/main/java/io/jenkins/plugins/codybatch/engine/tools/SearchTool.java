package io.jenkins.plugins.codybatch.engine.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular-expression search over the checkout, like {@code git grep}: skips ignored, binary and huge files,
 * prints {@code path:line: text}. Files are walked in parallel, and a literal the pattern must contain is looked
 * for in the raw bytes first, so most files are never decoded.
 */
public final class SearchTool implements Tool {

    public static final String NAME = "search";
    static final int DEFAULT_MAX_RESULTS = 100;
    static final int MAX_RESULTS_CAP = 500;
    private static final int MAX_LINE_CHARS = 300;
    private static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private final Workspace workspace;

    public SearchTool(Workspace workspace) {
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
        props.putObject("pattern").put("type", "string")
                .put("description", "Java regular expression, matched against each line.");
        props.putObject("path").put("type", "string")
                .put("description", "Directory or file to search, relative to the repository root (default: all).");
        props.putObject("glob").put("type", "string")
                .put("description", "Only files matching this glob, e.g. *.java or src/**/*.kt.");
        props.putObject("case_insensitive").put("type", "boolean");
        props.putObject("max_results").put("type", "integer")
                .put("description", "Matching lines to return (default " + DEFAULT_MAX_RESULTS + ", at most "
                        + MAX_RESULTS_CAP + ").");
        ObjectNode schema = f.objectNode().put("type", "object");
        schema.set("properties", props);
        schema.putArray("required").add("pattern");
        ObjectNode def = f.objectNode().put("name", NAME).put("description",
                "Search file contents with a regular expression (skips files ignored by .gitignore and binary files)."
                        + " Returns lines as path:line: text.");
        def.set("input_schema", schema);
        return def;
    }

    /** One matching line. */
    public record Match(String path, int line, String text) {}

    /** All matches (sorted by path and line), of which the caller shows a prefix. */
    public record Matches(List<Match> matches, int filesSearched) {}

    @Override
    public String run(JsonNode input) throws ToolException {
        String patternText = TextEditorTool.text(input, "pattern", true);
        if (patternText.isEmpty()) {
            throw new ToolException("Error: pattern must not be empty.");
        }
        boolean ignoreCase = input.path("case_insensitive").asBoolean(false);
        int maxResults = Math.max(1, Math.min(MAX_RESULTS_CAP, input.path("max_results").asInt(DEFAULT_MAX_RESULTS)));
        String pathArg = TextEditorTool.text(input, "path", false);
        Predicate<String> glob = Globs.compile(TextEditorTool.text(input, "glob", false));
        Matches found = search(patternText, ignoreCase, pathArg, glob);
        List<Match> matches = found.matches();
        if (matches.isEmpty()) {
            return "No matches for /" + patternText + "/ in " + found.filesSearched() + " files.";
        }
        StringBuilder out = new StringBuilder();
        for (Match m : matches.subList(0, Math.min(maxResults, matches.size()))) {
            out.append(m.path()).append(':').append(m.line()).append(": ").append(m.text()).append('\n');
        }
        if (matches.size() > maxResults) {
            out.append("[Showing the first ").append(maxResults).append(" of ").append(matches.size())
                    .append(" matching lines; narrow the pattern, or pass path or glob.]\n");
        }
        return out.toString();
    }

    /** Searches the checkout (or {@code pathArg} inside it). */
    public Matches search(String patternText, boolean ignoreCase, String pathArg, Predicate<String> glob)
            throws ToolException {
        Pattern pattern;
        try {
            pattern = Pattern.compile(patternText, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new ToolException("Error: invalid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex() + " of '" + patternText + "'.");
        }
        byte[] literal = ignoreCase ? null : RequiredLiteral.of(patternText);
        Path start = pathArg == null || pathArg.isBlank() ? workspace.root() : workspace.resolve(pathArg);
        if (!Files.exists(start)) {
            throw new ToolException("Error: '" + pathArg + "' does not exist.");
        }
        ConcurrentLinkedQueue<Match> results = new ConcurrentLinkedQueue<>();
        AtomicInteger files = new AtomicInteger();
        RepoWalker.FileVisitor visitor = (file, rel, size, opener) -> {
            if (size > MAX_FILE_BYTES || !glob.test(rel)) {
                return;
            }
            files.incrementAndGet();
            searchFile(opener, rel, size, pattern, literal, results);
        };
        if (Files.isDirectory(start)) {
            new RepoWalker(workspace.root()).walk(start, visitor);
        } else {
            try {
                visitor.visit(start, workspace.display(start), Files.size(start), () -> Files.newByteChannel(start));
            } catch (IOException e) {
                throw new ToolException("Error: cannot read '" + pathArg + "': " + e.getMessage());
            }
        }
        List<Match> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(Match::path).thenComparingInt(Match::line));
        return new Matches(sorted, files.get());
    }

    /** Reused read buffers: allocating one per file would dominate on trees of small files. */
    private static final ThreadLocal<byte[][]> BUFFER = ThreadLocal.withInitial(() -> new byte[][] {new byte[64 * 1024]});

    private static void searchFile(RepoWalker.Opener opener, String rel, long size, Pattern pattern, byte[] literal,
            ConcurrentLinkedQueue<Match> results) {
        byte[][] holder = BUFFER.get();
        if (holder[0].length < size + 1) {
            holder[0] = new byte[(int) size + 1];
        }
        byte[] bytes = holder[0];
        int length;
        try (SeekableByteChannel channel = opener.open()) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, (int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full or end of file (the file may have shrunk meanwhile)
            }
            length = buffer.position();
        } catch (IOException e) {
            return;
        }
        if (TextFiles.isBinary(bytes, length)) {
            return;
        }
        if (literal == null) {
            matchAllLines(new String(bytes, 0, length, StandardCharsets.UTF_8), rel, pattern, results);
        } else {
            matchLinesWithLiteral(bytes, length, rel, pattern, literal, results);
        }
    }

    /** Only lines holding the required literal can match, so only they are decoded. */
    private static void matchLinesWithLiteral(byte[] bytes, int length, String rel, Pattern pattern, byte[] literal,
            ConcurrentLinkedQueue<Match> results) {
        int lineNo = 1;
        int counted = 0;
        for (int at = indexOf(bytes, length, literal, 0); at >= 0; ) {
            int lineStart = at;
            while (lineStart > 0 && bytes[lineStart - 1] != '\n') {
                lineStart--;
            }
            int lineEnd = at;
            while (lineEnd < length && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            for (int i = counted; i < lineStart; i++) {
                if (bytes[i] == '\n') {
                    lineNo++;
                }
            }
            counted = lineStart;
            String line = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
            if (pattern.matcher(line).find()) {
                results.add(new Match(rel, lineNo, shorten(line)));
            }
            at = lineEnd >= length ? -1 : indexOf(bytes, length, literal, lineEnd + 1);
        }
    }

    private static void matchAllLines(String content, String rel, Pattern pattern, ConcurrentLinkedQueue<Match> results) {
        Matcher matcher = pattern.matcher(content);
        int lineNo = 1;
        int lineStart = 0;
        int length = content.length();
        while (lineStart < length) {
            int lineEnd = content.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = length;
            }
            matcher.region(lineStart, lineEnd);
            if (matcher.find()) {
                results.add(new Match(rel, lineNo, shorten(content.substring(lineStart, lineEnd))));
            }
            lineStart = lineEnd + 1;
            lineNo++;
        }
    }

    private static String shorten(String line) {
        String result = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return result.length() > MAX_LINE_CHARS ? result.substring(0, MAX_LINE_CHARS) + "..." : result;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, haystack.length, needle, 0);
    }

    static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
        if (needle.length == 0) {
            return from;
        }
        byte first = needle[0];
        int last = length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
