package io.jenkins.plugins.codybatch.engine.verify;

import java.io.Serializable;
import java.time.Duration;

/**
 * The check a change must pass before it counts (docs/verification.md). Part of the job, so it holds no secret.
 *
 * @param command        run with {@code sh -c} in the checkout's root
 * @param repairAttempts how many times the model is sent a failing check's output to repair it (0: check only)
 * @param timeoutSeconds wall-clock limit of one run; the command and every process it started are then killed
 * @param draftOnFailure when the check never passes, still open the pull request, as a draft labelled
 *                       {@link #FAILED_LABEL} (only with pull requests asked for)
 */
public record VerifyOptions(String command, int repairAttempts, long timeoutSeconds, boolean draftOnFailure)
        implements Serializable {

    public static final int DEFAULT_REPAIR_ATTEMPTS = 2;
    public static final int MAX_REPAIR_ATTEMPTS = 10;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final String FAILED_LABEL = "cody-batch: verification failed";

    public VerifyOptions {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("the verify command is empty");
        }
        command = command.strip();
        if (repairAttempts < 0 || repairAttempts > MAX_REPAIR_ATTEMPTS) {
            throw new IllegalArgumentException("verify attempts must be between 0 and " + MAX_REPAIR_ATTEMPTS
                    + ", was " + repairAttempts);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("the verify timeout must be at least 1 second, was " + timeoutSeconds);
        }
    }

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }
}
