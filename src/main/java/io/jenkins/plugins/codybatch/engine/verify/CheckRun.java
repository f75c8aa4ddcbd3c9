package io.jenkins.plugins.codybatch.engine.verify;

/**
 * One run of the verify command.
 *
 * @param exitCode   null when it timed out or could not start
 * @param outputTail the end of stdout and stderr, bounded and masked (see {@link OutputTail})
 */
public record CheckRun(String command, Integer exitCode, boolean timedOut, long durationMillis, String outputTail) {

    public boolean passed() {
        return exitCode != null && exitCode == 0 && !timedOut;
    }
}
