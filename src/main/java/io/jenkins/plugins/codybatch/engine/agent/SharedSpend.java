package io.jenkins.plugins.codybatch.engine.agent;

import io.jenkins.plugins.codybatch.engine.results.Usage;

/**
 * What the conversations of one job spend together, for the job's budget: each conversation adds what every
 * response cost and asks before every request whether the job may still spend. Thread-safe.
 */
public interface SharedSpend {

    /** No job budget: nothing is counted, nothing stops. */
    SharedSpend NONE = new SharedSpend() {
        @Override
        public void add(Usage usage, double cost) {}

        @Override
        public String exhausted() {
            return null;
        }
    };

    void add(Usage usage, double cost);

    /** Why the job may spend no more (its budget is spent, and which option sets it), or null. */
    String exhausted();
}
