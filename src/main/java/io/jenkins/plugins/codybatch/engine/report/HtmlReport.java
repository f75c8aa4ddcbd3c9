package io.jenkins.plugins.codybatch.engine.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code DIR/report.html}: the results viewer (viewer.js, viewer.css) with the whole output folder embedded as
 * JSON, so the file opens from disk with no server and no network (docs/viewer.md). Also hands out the viewer files
 * for the Jenkins build page, which serves the same viewer in server mode.
 */
public final class HtmlReport {

    public static final String FILE_NAME = "report.html";
    public static final String SCRIPT_RESOURCE = "viewer.js";
    public static final String STYLE_RESOURCE = "viewer.css";

    /** Per embedded text (diff, transcript, report.md): beyond this the report keeps the start and says so. */
    static final int DEFAULT_MAX_EMBEDDED_CHARS = 2_000_000;

    static final ObjectMapper COMPACT = Json.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT);

    private final int maxEmbeddedChars;

    public HtmlReport() {
        this(DEFAULT_MAX_EMBEDDED_CHARS);
    }

    HtmlReport(int maxEmbeddedChars) {
        this.maxEmbeddedChars = maxEmbeddedChars;
    }

    /** The viewer script, for the Jenkins layer to serve as a static file. */
    public static String viewerScript() {
        return resource(SCRIPT_RESOURCE);
    }

    /** The viewer style sheet, for the Jenkins layer to serve as a static file. */
    public static String viewerStyle() {
        return resource(STYLE_RESOURCE);
    }

    /**
     * Writes {@code outputDir/report.html} from summary.json and repos/&lt;dir&gt;/*, one repository at a time.
     * Missing or unreadable files leave that part empty; the report is still written.
     *
     * @return the written file
     */
    public Path write(Path outputDir) throws IOException {
        String script = viewerScript();
        String style = viewerStyle();
        if (script.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("viewer.js must not contain '</script' (it is embedded in report.html)");
        }
        List<String> notes = new ArrayList<>();
        ObjectNode summary = OutputFolder.readSummary(outputDir, notes);
        List<String> dirs = OutputFolder.listRepositories(outputDir, summary);

        Path target = outputDir.resolve(FILE_NAME);
        Path temp = outputDir.resolve(FILE_NAME + ".tmp");
        // The file is closed on its own: on a full disk the writer's close fails while flushing and keeps it open.
        try (java.io.OutputStream file = Files.newOutputStream(temp);
                Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(file, StandardCharsets.UTF_8))) {
            out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            // Only the two blocks below may run or style the page; nothing may load from anywhere.
            out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                    + "style-src '" + sha256(style) + "'; script-src '" + sha256(script) + "'; "
                    + "base-uri 'none'; form-action 'none'\">\n");
            out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            out.write("<title>" + escapeHtml(title(summary)) + "</title>\n");
            out.write("<style>" + style + "</style>\n</head>\n<body class=\"cb-standalone\">\n");
            out.write("<div id=\"cody-batch-viewer\"></div>\n");
            out.write("<script type=\"application/json\" id=\"cody-batch-data\">");
            writeData(out, outputDir, summary, notes, dirs);
            out.write("</script>\n<script>" + script + "</script>\n</body>\n</html>\n");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private void writeData(Writer out, Path outputDir, ObjectNode summary, List<String> notes, List<String> dirs)
            throws IOException {
        JsonGenerator json = COMPACT.getFactory().createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.setCharacterEscapes(ScriptSafeEscapes.INSTANCE);
        json.writeStartObject();
        json.writeFieldName("summary");
        json.writeTree(summary);
        json.writeArrayFieldStart("notes");
        for (String note : notes) {
            json.writeString(note);
        }
        json.writeEndArray();
        json.writeObjectFieldStart("repos");
        for (String dir : dirs) {
            Path repo = outputDir.resolve(dir);
            json.writeObjectFieldStart(dir);
            JsonNode result = OutputFolder.readJson(repo.resolve("result.json"));
            if (result != null) {
                json.writeFieldName("result");
                json.writeTree(result);
            }
            writeText(json, "diff", repo.resolve("patch.diff"));
            writeTranscript(json, repo.resolve("transcript.jsonl"));
            writeText(json, "report", repo.resolve("report.md"));
            json.writeEndObject();
            json.flush();
        }
        json.writeEndObject();
        json.writeEndObject();
        json.flush();
    }

    private void writeText(JsonGenerator json, String field, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (Reader reader = utf8Reader(file)) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            int read;
            while (text.length() <= maxEmbeddedChars && (read = reader.read(buffer)) >= 0) {
                text.append(buffer, 0, read);
            }
            boolean truncated = text.length() > maxEmbeddedChars;
            if (truncated) {
                text.setLength(maxEmbeddedChars);
            }
            json.writeFieldName(field);
            json.writeString(text.toString());
            if (truncated) {
                json.writeBooleanField(field + "_truncated", true);
            }
        }
    }

    /** One event per line; a line that is not JSON is kept as an "unparsed" event rather than dropped. */
    private void writeTranscript(JsonGenerator json, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (BufferedReader reader = new BufferedReader(utf8Reader(file))) {
            json.writeArrayFieldStart("transcript");
            long chars = 0;
            boolean truncated = false;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                chars += line.length();
                if (chars > maxEmbeddedChars) {
                    truncated = true;
                    break;
                }
                json.writeTree(parseEvent(line));
            }
            json.writeEndArray();
            if (truncated) {
                json.writeBooleanField("transcript_truncated", true);
            }
        }
    }

    private static JsonNode parseEvent(String line) {
        try {
            JsonNode node = COMPACT.readTree(line);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // kept below as an unparsed line
        }
        ObjectNode unparsed = COMPACT.createObjectNode();
        unparsed.put("event", "unparsed");
        unparsed.put("line", line);
        return unparsed;
    }

    /** Decodes UTF-8 replacing bad bytes, so a binary patch cannot stop the report. */
    private static Reader utf8Reader(Path file) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
    }

    private static String title(ObjectNode summary) {
        return "Cody Batch: " + summary.path("name").asText();
    }

    static String escapeHtml(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new NoSuchFileException("classpath resource " + name + " next to " + HtmlReport.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The viewer file " + name + " is missing from the plugin; reinstall it", e);
        }
    }

    /**
     * JSON inside a script element: {@code <}, {@code >} and {@code &} become \\u escapes, so no string in the data can
     * close the element ({@code </script>}) or open a comment; U+2028/U+2029 are escaped for older JavaScript parsers.
     */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        static final ScriptSafeEscapes INSTANCE = new ScriptSafeEscapes();
        private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

        private final int[] asciiEscapes;

        private ScriptSafeEscapes() {
            asciiEscapes = standardAsciiEscapesForJSON();
            asciiEscapes['<'] = ESCAPE_STANDARD;
            asciiEscapes['>'] = ESCAPE_STANDARD;
            asciiEscapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x2028 -> LINE_SEPARATOR;
                case 0x2029 -> PARAGRAPH_SEPARATOR;
                default -> null;
            };
        }
    }
}
