package io.jenkins.plugins.codybatch.engine.agent;

import java.io.Serializable;

/**
 * Per-repository budgets. A value of 0 means "no limit" for tokens and cost.
 *
 * @param maxIterations model requests at most (default 30)
 * @param maxTokens     input + output tokens over the whole conversation at most
 * @param maxCost       US dollars at most
 */
public record Limits(int maxIterations, long maxTokens, double maxCost) implements Serializable {

    public static final int DEFAULT_MAX_ITERATIONS = 30;

    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_ITERATIONS, 0, 0);
    }

    public Limits {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, was " + maxIterations);
        }
        if (maxTokens < 0 || maxCost < 0) {
            throw new IllegalArgumentException("token and cost budgets must not be negative");
        }
    }
}
