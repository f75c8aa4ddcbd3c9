package io.jenkins.plugins.codybatch.engine.claude;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the tool loop sends each turn: straight to the Messages API ({@link ClaudeClient}) or through the Message
 * Batches API ({@link BatchedMessages}).
 */
public interface MessageSender {

    ClaudeSettings settings();

    /** One Messages request; the body holds model, max_tokens, system, tools and messages. */
    ClaudeResponse createMessage(ObjectNode body, RetryListener listener) throws ClaudeApiException, InterruptedException;

    /** The sender for one conversation, closed when the conversation ends (it may keep state about it). */
    default Conversation conversation() {
        MessageSender self = this;
        return new Conversation() {
            @Override
            public ClaudeResponse createMessage(ObjectNode body, RetryListener listener)
                    throws ClaudeApiException, InterruptedException {
                return self.createMessage(body, listener);
            }

            @Override
            public void close() {
                // nothing kept
            }
        };
    }

    /** The turns of one conversation. */
    interface Conversation extends AutoCloseable {
        ClaudeResponse createMessage(ObjectNode body, RetryListener listener) throws ClaudeApiException, InterruptedException;

        @Override
        void close();
    }
}
