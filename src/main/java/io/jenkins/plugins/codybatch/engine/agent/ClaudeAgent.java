package io.jenkins.plugins.codybatch.engine.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import io.jenkins.plugins.codybatch.engine.tools.Toolbox;
import io.jenkins.plugins.codybatch.engine.tools.Workspace;
import java.io.IOException;
import java.util.Locale;

/**
 * The Claude tool-use loop: sends the conversation, runs the tools the model asks for, and repeats until the
 * model ends its turn or a budget fires. See docs/tool-loop.md.
 */
public final class ClaudeAgent implements Agent {

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
        private final MessageHistory messages;
        private final RetryListener listener;
        private Toolbox toolbox;
        private String systemPrompt;
        private int iterations;
        private Usage usage = Usage.ZERO;
        private double cost;
        private boolean costNoteWritten;
        private String lastText = "";
        private int continuations;
        private int repairsAsked;
        private AgentOutcome.Spend repairs = AgentOutcome.Spend.ZERO;
        Session(AgentTask task, Transcript transcript, MessageSender.Conversation conversation) {
            this.task = task;
            this.transcript = transcript;
            this.conversation = conversation;
            this.messages = new MessageHistory(transcript);
            this.listener = transcript.retries();
        }

        AgentOutcome run() throws InterruptedException {
            Workspace workspace;
            try {
                workspace = new Workspace(task.checkout());
            } catch (IOException e) {
                return finish(Ending.FAILED, "The checkout " + task.checkout() + " cannot be used: " + e.getMessage());
            }
            toolbox = Toolbox.forJob(workspace, task.type(), settings.editorMaxCharacters());
            systemPrompt = SystemPrompt.of(task);
            transcript.start(task, model, client.settings().maxTokens(), toolbox.names(), systemPrompt);
            messages.addUserText(task.prompt());

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
                messages.clearIfNearWindow(settings);
                ClaudeResponse response;
                try {
                    ObjectNode request = messages.request(model, client.settings().maxTokens(), systemPrompt,
                            toolbox.definitions());
                    transcript.request(iterations + 1, messages.size(), messages.takeUnlogged());
                    response = conversation.createMessage(request, listener);
                } catch (ClaudeApiException e) {
                    transcript.error(e);
                    if (e.kind() == ClaudeApiException.Kind.CONTEXT_EXCEEDED && !clearedForOverflow) {
                        clearedForOverflow = true;
                        clearedSinceOverflow = messages.clearToolResults(settings.keepRecentToolResults(),
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
                logResponse(response, requestCost);

                ArrayNode content = response.content().deepCopy();
                String text = MessageHistory.texts(content);
                if (!text.isBlank()) {
                    lastText = text;
                }
                String stop = response.stopReason() == null ? "" : response.stopReason();
                if (stop.equals("refusal")) {
                    return finish(Ending.REFUSED, "The model declined this request (stop_reason refusal)"
                            + (text.isBlank() ? "" : ": " + abbreviate(text, 500)) + ". Rephrase the prompt; the"
                            + " repository was not changed further.");
                }
                messages.addReply(content, used);
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
                        ArrayNode results = ToolCalls.run(toolbox, content, transcript);
                        if (results.isEmpty()) {
                            AgentOutcome end = endTurn(); // tool_use without a tool call: the turn is over
                            if (end != null) {
                                return end;
                            }
                            continue;
                        }
                        messages.add("user", results);
                    }
                    case "max_tokens", "model_context_window_exceeded", "pause_turn" -> {
                        if (++continuations > settings.maxContinuations()) {
                            return finish(Ending.FAILED, "The model stopped with " + stop + " " + continuations
                                    + " times in a row. " + (stop.equals("max_tokens")
                                            ? "Raise max_tokens (now " + client.settings().maxTokens() + ")."
                                            : "Give it a smaller task or a model with a larger context window."));
                        }
                        if (stop.equals("model_context_window_exceeded")) {
                            messages.clearToolResults(settings.keepRecentToolResults(),
                                    "the model's context window filled up");
                        }
                        if (!stop.equals("pause_turn")) {
                            ToolCalls.continueCutOffTurn(toolbox, messages, transcript, stop);
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
            messages.addUserText(verdict.feedback());
            return null;
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
            transcript.outcome(outcome, repairsAsked > 0);
            return outcome;
        }

        private InterruptedException cancelled(InterruptedException cause) {
            transcript.cancelled(iterations, usage, cost);
            return cause;
        }

        private void checkInterrupted() throws InterruptedException {
            if (Thread.interrupted()) {
                throw cancelled(new InterruptedException("cancelled"));
            }
        }

        private void logResponse(ClaudeResponse response, PriceTable.Cost requestCost) {
            transcript.response(iterations, response, requestCost.dollars());
            if (requestCost.note() != null && !costNoteWritten) {
                costNoteWritten = true;
                ObjectNode note = Transcript.event("cost_note");
                note.put("note", requestCost.note());
                transcript.write(note);
            }
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

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
