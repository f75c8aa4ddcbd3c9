package io.jenkins.plugins.codybatch.engine.agent;

import java.util.Map;

/**
 * Checks the change each time the model ends its turn (docs/verification.md). When the check fails and repairs
 * are left, the loop sends the model {@link Verdict#feedback()} and goes on; requests made from then on are
 * counted apart as repair spend.
 */
public interface TurnCheck {

    /**
     * @return null when there is nothing to check (no file changed)
     * @throws InterruptedException when cancelled
     */
    Verdict check() throws InterruptedException;

    /** How many times the model may be asked to repair a failing check. */
    int repairAttempts();

    /**
     * @param feedback for a failed check, the user message the model gets: command, exit code, output tail
     * @param event    the fields of the transcript's {@code verification} event
     */
    record Verdict(boolean passed, String feedback, Map<String, Object> event) {}
}
