package io.jenkins.plugins.codybatch.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome.Ending;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeApiException;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeClient;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeResponse;
import io.jenkins.plugins.codybatch.engine.claude.MessageSender;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.claude.RetryListener;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import io.jenkins.plugins.codybatch.engine.tools.ToolResult;
import io.jenkins.plugins.codybatch.engine.tools.Toolbox;
import io.jenkins.plugins.codybatch.engine.tools.Workspace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Claude tool-use loop: sends the conversation, runs the tools the model asks for, and repeats until the
 * model ends its turn or a budget fires. See docs/tool-loop.md.
 */
public final class ClaudeAgent implements Agent {

    static final String CLEARED_NOTE = "[Old tool result cleared to keep the conversation within the context window."
            + " Run the tool again if you need it.]";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final MessageSender client;
    private final PriceTable prices;
    private final AgentSettings settings;
    private final Redactor redactor;

    /**
     * @param client   the Messages API, directly or through the Message Batches API
     * @param redactor masks every secret of the run (at least the API key) in the transcript and messages
     */
    public ClaudeAgent(MessageSender client, PriceTable prices, AgentSettings settings, Redactor redactor) {
        this.client = client;
        this.prices = prices;
        this.settings = settings;
        this.redactor = redactor;
    }

    public ClaudeAgent(ClaudeClient client) {
        this(client, PriceTable.defaults(), AgentSettings.defaults(), client.redactor());
    }

    @Override
    public AgentOutcome run(AgentTask task) throws InterruptedException {
        Transcript transcript;
        try {
            transcript = new Transcript(task.transcript(), redactor);
        } catch (IOException e) {
            return new AgentOutcome(Ending.FAILED, "", 0, Usage.ZERO, 0,
                    "Cannot write the transcript " + task.transcript() + ": " + e.getMessage()
                            + ". Check that the output folder is writable.");
        }
        try (MessageSender.Conversation conversation = client.conversation()) {
            return new Session(task, transcript, conversation).run();
        } finally {
            try {
                transcript.close();
            } catch (IOException ignored) {
                // every event was flushed when written; a failing close loses nothing
            }
        }
    }

    /** The state of one conversation. */
    private final class Session {
        private final AgentTask task;
        private final Transcript transcript;
        private final MessageSender.Conversation conversation;
        private final String model = client.settings().model();
        private final List<ObjectNode> messages = new ArrayList<>();
        private Toolbox toolbox;
        private String systemPrompt;
        private int iterations;
        private Usage usage = Usage.ZERO;
        private double cost;
        private boolean costNoteWritten;
        private String lastText = "";
        private int loggedMessages;
        private int previousTail = -1;
        private int continuations;
        private long lastPromptTokens;
        private int repairsAsked;
        private AgentOutcome.Spend repairs = AgentOutcome.Spend.ZERO;
        private final RetryListener listener = new RetryListener() {
            @Override
            public void retrying(int attempt, int status, String reason, Duration delay) {
                logRetry(attempt, status, reason, delay);
            }

            @Override
            public void batchNote(String note) {
                transcript.write(Transcript.event("batch").put("note", note));
            }
        };

        Session(AgentTask task, Transcript transcript, MessageSender.Conversation conversation) {
            this.task = task;
            this.transcript = transcript;
            this.conversation = conversation;
        }

        AgentOutcome run() throws InterruptedException {
            Workspace workspace;
            try {
                workspace = new Workspace(task.checkout());
            } catch (IOException e) {
                return finish(Ending.FAILED, "The checkout " + task.checkout() + " cannot be used: " + e.getMessage());
            }
            toolbox = Toolbox.forJob(workspace, task.type(), settings.editorMaxCharacters());
            systemPrompt = systemPrompt(task);
            ObjectNode start = Transcript.event("start");
            start.put("repository", task.repository()).put("model", model)
                    .put("max_tokens", client.settings().maxTokens()).put("job_type", task.type().id());
            start.set("limits", Json.MAPPER.valueToTree(task.limits()));
            start.set("tools", Json.MAPPER.valueToTree(toolbox.names()));
            start.put("system", systemPrompt);
            transcript.write(start);
            messages.add(message("user", F.arrayNode().add(textBlock(task.prompt()))));

            boolean clearedForOverflow = false;
            int clearedSinceOverflow = 0;
            while (true) {
                checkInterrupted();
                if (iterations >= task.limits().maxIterations()) {
                    return finish(Ending.BUDGET_EXHAUSTED, "Stopped after " + iterations + " model requests, the"
                            + " iteration budget (" + option(JobOption.MAX_ITERATIONS) + "); raise it to let the model finish");
                }
                String jobSpent = task.jobSpend().exhausted();
                if (jobSpent != null) { // the other conversations of the job spent it: stop at this turn
                    return finish(Ending.BUDGET_EXHAUSTED, "Stopped before model request " + (iterations + 1) + ": "
                            + jobSpent, RepoResult.JOB_BUDGET_SPENT);
                }
                clearIfNearWindow();
                ClaudeResponse response;
                try {
                    ObjectNode request = buildRequest();
                    logRequest();
                    response = conversation.createMessage(request, listener);
                } catch (ClaudeApiException e) {
                    logError(e);
                    if (e.kind() == ClaudeApiException.Kind.CONTEXT_EXCEEDED && !clearedForOverflow) {
                        clearedForOverflow = true;
                        clearedSinceOverflow = clearToolResults(settings.keepRecentToolResults(),
                                "the API said the prompt is too long");
                        if (clearedSinceOverflow > 0) {
                            continue;
                        }
                    }
                    return finish(Ending.FAILED, e.getMessage() + (clearedSinceOverflow > 0
                            ? " Old tool results had already been cleared; the conversation is still too long." : ""),
                            batchError(e));
                } catch (InterruptedException e) {
                    throw cancelled(e);
                }
                clearedForOverflow = false;
                clearedSinceOverflow = 0;
                iterations++;
                Usage used = response.usage();
                usage = usage.plus(used);
                PriceTable.Cost requestCost = prices.cost(model, used, response.batchId() != null);
                cost += requestCost.dollars();
                task.jobSpend().add(used, requestCost.dollars());
                if (repairsAsked > 0) {
                    repairs = repairs.plus(used, requestCost.dollars());
                }
                lastPromptTokens = used.inputTokens() + used.cacheCreationInputTokens() + used.cacheReadInputTokens()
                        + used.outputTokens();
                logResponse(response, requestCost);

                ArrayNode content = response.content().deepCopy();
                String text = texts(content);
                if (!text.isBlank()) {
                    lastText = text;
                }
                String stop = response.stopReason() == null ? "" : response.stopReason();
                if (stop.equals("refusal")) {
                    return finish(Ending.REFUSED, "The model declined this request (stop_reason refusal)"
                            + (text.isBlank() ? "" : ": " + abbreviate(text, 500)) + ". Rephrase the prompt; the"
                            + " repository was not changed further.");
                }
                messages.add(message("assistant", content.isEmpty()
                        ? F.arrayNode().add(textBlock("(no content)")) : content));
                loggedMessages = messages.size(); // the response event already holds it
                if (stop.equals("end_turn") || stop.equals("stop_sequence")) {
                    AgentOutcome end = endTurn();
                    if (end != null) {
                        return end;
                    }
                    continue;
                }
                String budget = budgetExceeded();
                if (budget != null) {
                    return finish(Ending.BUDGET_EXHAUSTED, budget);
                }
                switch (stop) {
                    case "tool_use" -> {
                        continuations = 0;
                        ArrayNode results = runTools(content);
                        if (results.isEmpty()) {
                            AgentOutcome end = endTurn(); // tool_use without a tool call: the turn is over
                            if (end != null) {
                                return end;
                            }
                            continue;
                        }
                        messages.add(message("user", results));
                    }
                    case "max_tokens", "model_context_window_exceeded", "pause_turn" -> {
                        if (++continuations > settings.maxContinuations()) {
                            return finish(Ending.FAILED, "The model stopped with " + stop + " " + continuations
                                    + " times in a row. " + (stop.equals("max_tokens")
                                            ? "Raise max_tokens (now " + client.settings().maxTokens() + ")."
                                            : "Give it a smaller task or a model with a larger context window."));
                        }
                        if (stop.equals("model_context_window_exceeded")) {
                            clearToolResults(settings.keepRecentToolResults(), "the model's context window filled up");
                        }
                        if (!stop.equals("pause_turn")) {
                            continueCutOffTurn(content, stop);
                        }
                        // pause_turn: the assistant turn is sent back unchanged and the model goes on with it
                    }
                    default -> {
                        return finish(Ending.FAILED, "The API returned an unknown stop_reason '" + stop + "'."
                                + " Update Cody Batch, or report it with the transcript.");
                    }
                }
            }
        }

        /**
         * The model ended its turn: without a check (or nothing to check, or the check passed, or no repair left)
         * the conversation is done; after a failed check with repairs left, the model gets the check's output and
         * goes on (null), within the same budgets.
         */
        private AgentOutcome endTurn() throws InterruptedException {
            TurnCheck check = task.check();
            if (check == null) {
                return finish(Ending.DONE, null);
            }
            TurnCheck.Verdict verdict;
            try {
                verdict = check.check();
            } catch (InterruptedException e) {
                throw cancelled(e);
            }
            if (verdict == null) {
                return finish(Ending.DONE, null);
            }
            ObjectNode event = Transcript.event("verification");
            event.setAll((ObjectNode) Json.MAPPER.valueToTree(verdict.event()));
            event.put("passed", verdict.passed());
            transcript.write(event);
            if (verdict.passed() || repairsAsked >= check.repairAttempts()) {
                return finish(Ending.DONE, null);
            }
            String budget = budgetExceeded();
            if (budget != null) {
                return finish(Ending.BUDGET_EXHAUSTED, budget);
            }
            repairsAsked++;
            messages.add(message("user", F.arrayNode().add(textBlock(verdict.feedback()))));
            return null;
        }

        /** The reply ended mid-way; a cut-off tool call cannot be run, so say so and let the model go on. */
        private void continueCutOffTurn(ArrayNode content, String stop) {
            ObjectNode assistant = messages.get(messages.size() - 1);
            ArrayNode blocks = (ArrayNode) assistant.get("content");
            String note;
            JsonNode last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last != null && "tool_use".equals(last.path("type").asText())) {
                blocks.remove(blocks.size() - 1);
                if (blocks.isEmpty()) {
                    blocks.add(textBlock("(reply cut off)"));
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
            ArrayNode reply = runTools(blocks); // complete tool calls before the cut still get their results
            reply.add(textBlock(note));
            messages.add(message("user", reply));
        }

        private ArrayNode runTools(ArrayNode content) {
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

        /** Estimates the next request from the last one (prompt + reply) plus what was added since. */
        private void clearIfNearWindow() {
            long added = 0;
            for (int i = loggedMessages; i < messages.size(); i++) {
                added += messages.get(i).toString().length() / 4;
            }
            long estimate = lastPromptTokens + added;
            if (estimate >= settings.contextWindowTokens() * settings.clearAtFraction()) {
                clearToolResults(settings.keepRecentToolResults(), "about " + estimate + " of "
                        + settings.contextWindowTokens() + " context tokens in use");
            }
        }

        /** Replaces all but the {@code keep} newest tool results with a short note; returns how many it cleared. */
        private int clearToolResults(int keep, String reason) {
            List<ObjectNode> live = new ArrayList<>();
            for (ObjectNode message : messages) {
                if (message.path("content") instanceof ArrayNode blocks) {
                    for (JsonNode block : blocks) {
                        if ("tool_result".equals(block.path("type").asText())
                                && !CLEARED_NOTE.equals(block.path("content").asText())) {
                            live.add((ObjectNode) block);
                        }
                    }
                }
            }
            int toClear = Math.max(0, live.size() - keep);
            if (toClear == 0) {
                return 0;
            }
            ArrayNode ids = F.arrayNode();
            for (ObjectNode block : live.subList(0, toClear)) {
                block.put("content", CLEARED_NOTE);
                ids.add(block.path("tool_use_id").asText());
            }
            ObjectNode event = Transcript.event("context_cleared");
            event.put("reason", reason).put("cleared", toClear).put("kept", live.size() - toClear);
            event.set("tool_use_ids", ids);
            transcript.write(event);
            return toClear;
        }

        /**
         * The request, with cache breakpoints on the system prompt (which caches the tools before it too), on the
         * last block of the previous request (where the last cache entry was written) and on the newest block,
         * so each request re-bills only what was added: 3 of the 4 allowed breakpoints.
         */
        private ObjectNode buildRequest() {
            ObjectNode request = F.objectNode();
            request.put("model", model);
            request.put("max_tokens", client.settings().maxTokens());
            request.putArray("system").add(textBlock(systemPrompt).set("cache_control", ephemeral()));
            request.set("tools", toolbox.definitions());
            ArrayNode wire = request.putArray("messages");
            for (ObjectNode message : messages) {
                wire.add(message.deepCopy());
            }
            int tail = messages.size() - 1;
            markLastBlock(wire, tail);
            if (previousTail >= 0 && previousTail < tail) {
                markLastBlock(wire, previousTail);
            }
            previousTail = tail;
            return request;
        }

        private void markLastBlock(ArrayNode wire, int index) {
            ArrayNode blocks = (ArrayNode) wire.get(index).get("content");
            if (!blocks.isEmpty()) {
                ((ObjectNode) blocks.get(blocks.size() - 1)).set("cache_control", ephemeral());
            }
        }

        private String budgetExceeded() {
            Limits limits = task.limits();
            if (limits.maxTokens() > 0 && usage.totalTokens() >= limits.maxTokens()) {
                return "Stopped after using " + usage.totalTokens() + " tokens, over the token budget of "
                        + limits.maxTokens() + " (" + option(JobOption.MAX_TOKENS_BUDGET) + "); raise it to let the model finish";
            }
            if (limits.maxCost() > 0 && cost >= limits.maxCost()) {
                return String.format(Locale.ROOT, "Stopped after spending $%.4f, over the cost budget of $%.4f"
                        + " (%s); raise it to let the model finish", cost, limits.maxCost(), option(JobOption.MAX_COST));
            }
            return null;
        }

        private AgentOutcome finish(Ending ending, String error) {
            return finish(ending, error, null);
        }

        private AgentOutcome finish(Ending ending, String error, String batchError) {
            String safeError = redactor.redact(error);
            AgentOutcome outcome = new AgentOutcome(ending, redactor.redact(lastText), iterations, usage, cost,
                    safeError, repairs, batchError);
            ObjectNode event = Transcript.event("outcome");
            event.put("ending", ending.name()).put("final_text", outcome.finalText()).put("iterations", iterations)
                    .put("cost", cost);
            event.set("usage", Json.MAPPER.valueToTree(usage));
            if (repairsAsked > 0) {
                event.set("repairs", Json.MAPPER.valueToTree(repairs));
            }
            if (safeError != null) {
                event.put("error", safeError);
            }
            transcript.write(event);
            return outcome;
        }

        private InterruptedException cancelled(InterruptedException cause) {
            ObjectNode event = Transcript.event("cancelled");
            event.put("iterations", iterations).put("cost", cost);
            event.set("usage", Json.MAPPER.valueToTree(usage));
            transcript.write(event);
            return cause;
        }

        private void checkInterrupted() throws InterruptedException {
            if (Thread.interrupted()) {
                throw cancelled(new InterruptedException("cancelled"));
            }
        }

        private void logRequest() {
            ObjectNode event = Transcript.event("request");
            event.put("iteration", iterations + 1).put("message_count", messages.size());
            ArrayNode added = event.putArray("new_messages");
            for (int i = loggedMessages; i < messages.size(); i++) {
                added.add(messages.get(i));
            }
            loggedMessages = messages.size();
            transcript.write(event);
        }

        private void logResponse(ClaudeResponse response, PriceTable.Cost requestCost) {
            ObjectNode event = Transcript.event("response");
            event.put("iteration", iterations).put("request_id", response.requestId())
                    .put("duration_ms", response.durationMillis()).put("attempts", response.attempts())
                    .put("stop_reason", response.stopReason()).put("cost", requestCost.dollars());
            if (response.batchId() != null) {
                event.put("batch_id", response.batchId());
            }
            event.set("usage", Json.MAPPER.valueToTree(response.usage()));
            event.set("content", response.content());
            transcript.write(event);
            if (requestCost.note() != null && !costNoteWritten) {
                costNoteWritten = true;
                ObjectNode note = Transcript.event("cost_note");
                note.put("note", requestCost.note());
                transcript.write(note);
            }
        }

        private void logRetry(int attempt, int status, String reason, Duration delay) {
            ObjectNode event = Transcript.event("retry");
            event.put("attempt", attempt).put("status", status).put("reason", reason)
                    .put("delay_ms", delay.toMillis());
            transcript.write(event);
        }

        private void logError(ClaudeApiException e) {
            ObjectNode event = Transcript.event("error");
            event.put("kind", e.kind().name()).put("status", e.status()).put("error_type", e.errorType())
                    .put("request_id", e.requestId()).put("message", e.getMessage());
            transcript.write(event);
        }
    }

    private String option(JobOption option) {
        return option.nameIn(settings.host());
    }

    /** Whether an API failure concerns every repository of the batch, and how (see BatchStopper). */
    static String batchError(ClaudeApiException e) {
        if (e.affectsWholeBatch()) {
            return RepoResult.API_KEY_REFUSED;
        }
        return e.kind() == ClaudeApiException.Kind.NETWORK ? RepoResult.API_UNREACHABLE : null;
    }

    static String systemPrompt(AgentTask task) {
        boolean analysis = task.type() == JobType.ANALYSIS;
        return "You are working in the git repository " + task.repository() + ". Its checkout is the root of"
                + " your tools' file system.\n\nRules:\n"
                + "- Work only through the tools. Paths are relative to the repository root (src/Main.java;"
                + " \"/\" is the root). Nothing outside the repository can be read or changed, and .git is off"
                + " limits.\n"
                + (analysis
                        ? "- This is a read-only analysis: do not try to change files. Look at what you need with"
                                + " view, search and find_files, then answer the request.\n"
                        : "- Make the change the user asks for, in the repository's existing style. Change only what"
                                + " the task needs; do not commit, the change is collected from the working tree.\n")
                + "- Prefer search and find_files over viewing many files; view large files with view_range.\n"
                + "- When you are done, reply without a tool call: a short summary of "
                + (analysis ? "your findings (this is the result of the job)." : "what you changed and why.");
    }

    private static ObjectNode message(String role, ArrayNode content) {
        ObjectNode message = F.objectNode().put("role", role);
        message.set("content", content);
        return message;
    }

    private static ObjectNode textBlock(String text) {
        return F.objectNode().put("type", "text").put("text", text);
    }

    private static ObjectNode ephemeral() {
        return F.objectNode().put("type", "ephemeral");
    }

    private static String texts(ArrayNode content) {
        StringBuilder out = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(block.path("text").asText());
            }
        }
        return out.toString().trim();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
