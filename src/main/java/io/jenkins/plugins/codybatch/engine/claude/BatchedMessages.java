package io.jenkins.plugins.codybatch.engine.claude;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends each turn through the Message Batches API at half the price (docs/tool-loop.md, "Message Batches API"): the
 * turn joins the next batch of the {@link MessageBatcher}, and the conversation waits for its result. Prompt caching
 * is kept: the request body goes into the batch unchanged, cache_control blocks included.
 *
 * <ul>
 *   <li>An entry that errored, expired or was canceled is sent again as a direct request (the direct path's retries
 *       and error messages apply; an invalid request fails there with the usual message).</li>
 *   <li>A turn without a result after the batcher's turn deadline is given up: it is sent directly, and so is every
 *       later turn of that conversation (it is already late; direct requests finish it in minutes, at full price).
 *       When every turn of a batch was given up, the batch is cancelled.</li>
 *   <li>A cancelled run (interrupt) gives its turn up and cancels the batch when no other conversation waits on it.</li>
 * </ul>
 */
public final class BatchedMessages implements MessageSender {

    private final ClaudeClient direct;
    private final MessageBatcher batcher;

    /** @param direct the client for direct requests (its settings name the model and max_tokens) */
    public BatchedMessages(ClaudeClient direct, MessageBatcher batcher) {
        this.direct = direct;
        this.batcher = batcher;
    }

    @Override
    public ClaudeSettings settings() {
        return direct.settings();
    }

    @Override
    public ClaudeResponse createMessage(ObjectNode body, RetryListener listener)
            throws ClaudeApiException, InterruptedException {
        return conversation().createMessage(body, listener);
    }

    @Override
    public Conversation conversation() {
        return new Conversation() {
            private boolean direct;

            @Override
            public ClaudeResponse createMessage(ObjectNode body, RetryListener listener)
                    throws ClaudeApiException, InterruptedException {
                if (direct) {
                    return BatchedMessages.this.direct.createMessage(body, listener);
                }
                MessageBatcher.Turn turn = batcher.submit(body);
                Duration deadline = batcher.settings().turnDeadline();
                MessageBatcher.Outcome outcome;
                try {
                    outcome = turn.outcome.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    batcher.giveUp(turn);
                    direct = true;
                    listener.batchNote("No batch result within the turn deadline of " + describe(deadline)
                            + "; this turn and the rest of the conversation are sent as direct requests (full price).");
                    return BatchedMessages.this.direct.createMessage(body, listener);
                } catch (InterruptedException e) {
                    batcher.giveUp(turn);
                    throw e;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("batch outcome failed", e.getCause());
                }
                if (outcome.response() != null) {
                    return outcome.response();
                }
                listener.batchNote("This turn is sent as a direct request (full price): " + outcome.sendDirectly() + ".");
                return BatchedMessages.this.direct.createMessage(body, listener);
            }

            @Override
            public void close() {
                // nothing to release: a conversation's turns are all answered or given up when it ends
            }
        };
    }

    private static String describe(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toMillis() + " ms";
    }
}
