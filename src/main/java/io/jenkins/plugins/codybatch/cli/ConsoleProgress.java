package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.ProgressListener;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import java.io.PrintWriter;
import java.util.Locale;

/** One line per repository as it finishes; on a terminal also a live "N/M done" line. */
final class ConsoleProgress implements ProgressListener {

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter out;
    private final boolean terminal;

    ConsoleProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void batchStarted(BatchJob job, int toRun, int total) {
        out.printf(Locale.ROOT, "%s: %d of %d repositories to work, %d at once%n", job.name(), toRun, total,
                job.parallelism());
        live(0, toRun);
    }

    @Override
    public synchronized void repositoryFinished(RepositoryEntry entry, int done, int toRun) {
        if (terminal) {
            out.print(CLEAR_LINE);
        }
        out.println(line(entry.result()));
        live(done, toRun);
    }

    @Override
    public synchronized void warning(String message) {
        if (terminal) {
            out.print(CLEAR_LINE);
        }
        out.println("warning: " + message);
    }

    @Override
    public synchronized void batchFinished(BatchSummary summary) {
        if (terminal) {
            out.print(CLEAR_LINE);
        }
        out.flush();
    }

    static String line(RepoResult r) {
        String tail = r.pullRequest() != null ? "  PR " + r.pullRequest().action() + " " + r.pullRequest().url()
                        + (r.pullRequest().warning() != null ? "  warning: " + r.pullRequest().warning() : "")
                : r.error() != null ? "  " + r.error() : "";
        Verification check = r.verification();
        String verified = check == null ? "" : "  check " + (check.passed() ? "passed" : "failed") + " ("
                + check.attempts() + (check.attempts() == 1 ? " run" : " runs") + ")";
        return String.format(Locale.ROOT, "%-10s %s  %d file%s  %,d tokens  $%.4f%s%s", r.status(), r.repository(),
                r.filesChanged().size(), r.filesChanged().size() == 1 ? "" : "s", r.usage().totalTokens(), r.cost(),
                verified, tail);
    }

    private void live(int done, int toRun) {
        if (terminal) {
            out.print("\r" + done + "/" + toRun + " done");
        }
        out.flush();
    }
}
