package io.jenkins.plugins.codybatch.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a command reads from and writes to, injectable for tests.
 *
 * @param terminal          stdout is a terminal: show a live progress line
 * @param shutdownHook      cancel the batch cleanly on Ctrl-C (only for the real process)
 * @param in                standard input, for --prompt-file - and --repos-file -
 */
public record CliContext(
        Map<String, String> env,
        PrintWriter out,
        PrintWriter err,
        boolean terminal,
        boolean shutdownHook,
        EngineComponents components,
        Clock clock,
        InputStream in) {

    /** A context with nothing on standard input. */
    public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, boolean terminal, boolean shutdownHook,
            EngineComponents components, Clock clock) {
        this(env, out, err, terminal, shutdownHook, components, clock, InputStream.nullInputStream());
    }

    public static CliContext system() {
        return new CliContext(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.console() != null, true, new EngineFactory(), Clock.systemUTC(), System.in);
    }
}
