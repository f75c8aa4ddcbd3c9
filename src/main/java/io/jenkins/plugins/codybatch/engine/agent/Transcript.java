package io.jenkins.plugins.codybatch.engine.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The JSONL transcript of one conversation: one event an line, each with {@code event} and {@code time},
 * flushed at once so a cancelled or crashed run keeps everything up to that point. Secrets are masked
 * in every line. Event types are listed in docs/tool-loop.md.
 */
public final class Transcript implements Closeable {

    private static final ObjectWriter WRITER = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private final BufferedWriter out;
    private final Redactor redactor;

    public Transcript(Path file, Redactor redactor) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.redactor = redactor;
    }

    /** A new event object; fill it and pass it to {@link #write}. */
    public static ObjectNode event(String type) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("event", type);
        node.put("time", Instant.now().toString());
        return node;
    }

    public synchronized void write(ObjectNode event) {
        try {
            out.write(redactor.redact(WRITER.writeValueAsString(event)));
            out.write('\n');
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("transcript event not serializable", e);
        } catch (IOException e) {
            // A full disk must not end the conversation; the outcome still reaches result.json.
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
