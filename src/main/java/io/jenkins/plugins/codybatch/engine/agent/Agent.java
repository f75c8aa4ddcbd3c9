package io.jenkins.plugins.codybatch.engine.agent;

/**
 * Runs one Claude tool-use conversation in one repository checkout until the model is done or a limit fires.
 * Implementations never throw for a model, tool or network problem: they return an {@link AgentOutcome}
 * that says what happened, so one repository's trouble never reaches the others.
 */
public interface Agent {

    /** @throws InterruptedException when the calling thread is interrupted (cancellation); the transcript is kept */
    AgentOutcome run(AgentTask task) throws InterruptedException;
}
