package io.jenkins.plugins.codybatch.engine.results;

import java.io.Serializable;

/** Token counts as the Messages API reports them; {@code inputTokens} is the uncached part. */
public record Usage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens)
        implements Serializable {

    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                cacheCreationInputTokens + other.cacheCreationInputTokens,
                cacheReadInputTokens + other.cacheReadInputTokens);
    }

    /** Every token billed: the whole prompt (uncached, written to cache, read from cache) plus the output. */
    public long totalTokens() {
        return inputTokens + cacheCreationInputTokens + cacheReadInputTokens + outputTokens;
    }
}
