package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.options.JobOption;
import java.io.PrintWriter;

/**
 * Where a run's lines go and how many: the lines for people on standard output (on standard error with --json,
 * whose JSON alone goes to standard output); the live line only on a terminal.
 *
 * @param human lines for people
 * @param data  the JSON of --json
 * @param live  redraw a live progress line (standard output is a terminal, not --json or --quiet)
 */
record Console(PrintWriter human, PrintWriter data, boolean json, boolean live, boolean quiet, boolean verbose) {

    static Console of(CliContext context, CliOptions flags) {
        boolean json = flags.flag(JobOption.JSON);
        boolean quiet = flags.flag(JobOption.QUIET);
        if (quiet && flags.flag(JobOption.VERBOSE)) {
            throw new UsageException("give " + JobOption.QUIET.flag() + " or " + JobOption.VERBOSE.flag()
                    + ", not both");
        }
        return new Console(json ? context.err() : context.out(), context.out(), json,
                context.terminal() && !json && !quiet, quiet, flags.flag(JobOption.VERBOSE));
    }
}
