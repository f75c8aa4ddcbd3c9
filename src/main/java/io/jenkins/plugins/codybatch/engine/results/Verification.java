package io.jenkins.plugins.codybatch.engine.results;

import java.io.Serializable;

/**
 * The verify command's record in result.json (docs/results.md, docs/verification.md). Its last run decides.
 *
 * @param attempts         runs of the command (1 + the repairs it took)
 * @param durationMillis   time spent running the command, all runs together
 * @param exitCode         the last run's exit code; null when it timed out or could not start
 * @param timedOut         the last run was killed at the timeout
 * @param outputTail       the end of the last run's output, bounded and masked
 * @param repairIterations model requests made after a failed check
 * @param repairUsage      tokens of those requests (also counted in the result's usage)
 * @param repairCost       US dollars of those requests (also counted in the result's cost)
 */
public record Verification(
        String command,
        boolean passed,
        int attempts,
        long durationMillis,
        Integer exitCode,
        boolean timedOut,
        String outputTail,
        int repairIterations,
        Usage repairUsage,
        double repairCost)
        implements Serializable {

    public Verification {
        repairUsage = repairUsage == null ? Usage.ZERO : repairUsage;
    }
}
