package io.jenkins.plugins.codybatch.engine.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeApiException;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeResponse;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.claude.RetryListener;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

    /** The conversation's set-up: repository, model, limits, tools and system prompt. */
    void start(AgentTask task, String model, int maxTokens, List<String> tools, String systemPrompt) {
        ObjectNode event = event("start");
        event.put("repository", task.repository()).put("model", model).put("max_tokens", maxTokens)
                .put("job_type", task.type().id());
        event.set("limits", Json.MAPPER.valueToTree(task.limits()));
        event.set("tools", Json.MAPPER.valueToTree(tools));
        event.put("system", systemPrompt);
        write(event);
    }

    /** A Messages API request about to be sent; {@code iteration} counts from 1. */
    void request(int iteration, int messageCount, ArrayNode newMessages) {
        ObjectNode event = event("request");
        event.put("iteration", iteration).put("message_count", messageCount);
        event.set("new_messages", newMessages);
        write(event);
    }

    /** Records the client's retries and the Message Batches mode's notes. */
    RetryListener retries() {
        return new RetryListener() {
            @Override
            public void retrying(int attempt, int status, String reason, Duration delay) {
                retry(attempt, status, reason, delay);
            }

            @Override
            public void batchNote(String note) {
                write(event("batch").put("note", note));
            }
        };
    }

    /** A Messages API response with what it cost; {@code iteration} counts from 1. */
    void response(int iteration, ClaudeResponse response, double cost) {
        ObjectNode event = event("response");
        event.put("iteration", iteration).put("request_id", response.requestId())
                .put("duration_ms", response.durationMillis()).put("attempts", response.attempts())
                .put("stop_reason", response.stopReason()).put("cost", cost);
        if (response.batchId() != null) {
            event.put("batch_id", response.batchId());
        }
        event.set("usage", Json.MAPPER.valueToTree(response.usage()));
        event.set("content", response.content());
        write(event);
    }

    void retry(int attempt, int status, String reason, Duration delay) {
        ObjectNode event = event("retry");
        event.put("attempt", attempt).put("status", status).put("reason", reason).put("delay_ms", delay.toMillis());
        write(event);
    }

    void error(ClaudeApiException e) {
        ObjectNode event = event("error");
        event.put("kind", e.kind().name()).put("status", e.status()).put("error_type", e.errorType())
                .put("request_id", e.requestId()).put("message", e.getMessage());
        write(event);
    }

    /** How the conversation ended; {@code withRepairs} adds what the repairs after failed checks spent. */
    void outcome(AgentOutcome outcome, boolean withRepairs) {
        ObjectNode event = event("outcome");
        event.put("ending", outcome.ending().name()).put("final_text", outcome.finalText())
                .put("iterations", outcome.iterations()).put("cost", outcome.cost());
        event.set("usage", Json.MAPPER.valueToTree(outcome.usage()));
        if (withRepairs) {
            event.set("repairs", Json.MAPPER.valueToTree(outcome.repairs()));
        }
        if (outcome.error() != null) {
            event.put("error", outcome.error());
        }
        write(event);
    }

    /** The conversation was cancelled (abort, timeout, Ctrl-C) after spending this much. */
    void cancelled(int iterations, Usage usage, double cost) {
        ObjectNode event = event("cancelled");
        event.put("iterations", iterations).put("cost", cost);
        event.set("usage", Json.MAPPER.valueToTree(usage));
        write(event);
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

    /**
     * Adds up the {@code response} events of a transcript: what was spent even when the conversation was cut off
     * before it could say so itself (cancelled, timed out, abandoned). Unreadable lines are passed over.
     */
    public static AgentOutcome.Spend spent(BufferedReader lines) throws IOException {
        int iterations = 0;
        Usage usage = Usage.ZERO;
        double cost = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.contains("\"response\"")) {
                continue;
            }
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                continue; // a line cut off by a crash
            }
            if (event != null && "response".equals(event.path("event").asText())) {
                iterations++;
                usage = usage.plus(Json.MAPPER.treeToValue(event.path("usage"), Usage.class));
                cost += event.path("cost").asDouble();
            }
        }
        return new AgentOutcome.Spend(iterations, usage, cost);
    }

    /** {@link #spent(BufferedReader)} of a transcript file; nothing spent when there is none. */
    public static AgentOutcome.Spend spent(Path file) {
        if (!Files.isRegularFile(file)) {
            return AgentOutcome.Spend.ZERO;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return spent(reader);
        } catch (IOException | RuntimeException e) {
            return AgentOutcome.Spend.ZERO;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
