package io.jenkins.plugins.codybatch.engine.claude;

import java.time.Duration;

/** Told about each retry before the client waits, so the transcript can record it. */
@FunctionalInterface
public interface RetryListener {

    RetryListener NONE = (attempt, status, reason, delay) -> {};

    /**
     * @param attempt the attempt that failed (1 = first)
     * @param status  HTTP status, or 0 for a network failure
     * @param reason  short text: error type or exception message (already free of the API key)
     */
    void retrying(int attempt, int status, String reason, Duration delay);

    /** Told what the Message Batches path did with a turn (sent directly, and why), for the transcript. */
    default void batchNote(String note) {}
}
