package io.jenkins.plugins.codybatch.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a command reads from and writes to, injectable for tests.
 *
 * @param terminal          stdout is a terminal: show a live "N/M done" line
 * @param shutdownHook      cancel the batch cleanly on Ctrl-C (only for the real process)
 */
public record CliContext(
        Map<String, String> env,
        PrintWriter out,
        PrintWriter err,
        boolean terminal,
        boolean shutdownHook,
        EngineComponents components,
        Clock clock) {

    public static CliContext system() {
        return new CliContext(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.console() != null, true, new EngineFactory(), Clock.systemUTC());
    }
}
