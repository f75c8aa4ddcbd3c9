package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.ProgressListener;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.PullRequestTotals;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import java.io.PrintWriter;
import java.nio.file.Path;
import io.jenkins.plugins.codybatch.engine.batch.JobSpend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a person sees while a batch runs: a line when each repository starts and when it ends, why the batch
 * stopped early, warnings; on a terminal also the {@link LiveLine}. --quiet leaves only the stop and the warnings,
 * --verbose adds each repository's folder and the model's closing words.
 */
final class ConsoleProgress implements ProgressListener {

    private final Console console;
    private final PrintWriter out;
    private final Path outputDir;
    private final LiveLine live;

    ConsoleProgress(Console console, Path outputDir, JobSpend spend, Clock clock) {
        this.console = console;
        this.out = console.human();
        this.outputDir = outputDir;
        this.live = console.live() ? new LiveLine(out, clock, spend, this) : null;
    }

    @Override
    public synchronized void batchStarted(BatchJob job, int toRun, int total) {
        if (!console.quiet()) {
            out.printf(Locale.ROOT, "%s: %d of %d repositories to work, %d at once%n", job.name(), toRun, total,
                    job.parallelism());
        }
        if (live != null) {
            live.start(toRun);
        }
        out.flush();
    }

    @Override
    public synchronized void repositoryStarted(RepositoryEntry entry) {
        if (live != null) {
            live.started(entry.directory());
        }
        if (!console.quiet()) {
            print(String.format(Locale.ROOT, "%-10s %s%s", "STARTED", entry.spec(),
                    console.verbose() ? "  -> " + outputDir.resolve(entry.directory()) : ""));
        }
    }

    @Override
    public synchronized void repositoryFinished(RepositoryEntry entry, int done, int toRun) {
        if (live != null) {
            live.finished(entry.directory(), done);
        }
        if (!console.quiet()) {
            print(line(entry, outputDir));
            String summary = entry.result().summary();
            if (console.verbose() && summary != null) {
                print("           the model: " + summary.strip().lines().findFirst().orElse(""));
            }
        }
    }

    @Override
    public synchronized void batchStopped(String reason) {
        print("STOPPED    " + reason);
        print("           The repositories not started are recorded FAILED; --retry-failed runs them once this is"
                + " fixed.");
    }

    @Override
    public synchronized void warning(String message) {
        print("warning: " + message);
    }

    @Override
    public synchronized void batchFinished(BatchSummary summary) {
        if (live != null) {
            live.stop();
        }
        String states = pullRequestStates(summary.repositories().stream().map(RepositoryEntry::result).toList());
        if (states != null && !console.quiet()) {
            out.println(states);
        }
        out.flush();
    }

    /** A line for people, in place of the live line, which is drawn again below it. */
    private void print(String line) {
        if (live != null) {
            live.clear();
        }
        out.println(line);
        if (live != null) {
            live.draw();
        }
        out.flush();
    }

    /** A repository's line: status, name, what it changed or answered or why it failed, what it cost. */
    static String line(RepositoryEntry entry, Path outputDir) {
        RepoResult r = entry.result();
        String name = r.repository() == null ? entry.spec() : r.repository();
        if (!entry.directory().equals(ResultFiles.REPOS + "/" + ResultFiles.directoryName(entry.spec()))) {
            name += " (" + entry.spec() + ")"; // two repositories of the same name: tell them apart
        }
        String what = r.outputs().report() != null
                ? "report " + outputDir.resolve(entry.directory()).resolve(r.outputs().report())
                : r.filesChanged().size() + " file" + (r.filesChanged().size() == 1 ? "" : "s");
        PullRequestRef pr = r.pullRequest();
        String tail = pr != null ? "  PR " + pr.action() + " " + pr.url() + state(pr)
                        + (pr.reason() != null ? "  " + pr.reason() : "")
                        + (pr.warning() != null ? "  warning: " + pr.warning() : "")
                : r.error() != null ? "  " + r.error() : "";
        Verification check = r.verification();
        String verified = check == null ? "" : "  check " + (check.passed() ? "passed" : "failed") + " ("
                + check.attempts() + (check.attempts() == 1 ? " run" : " runs") + ")";
        return String.format(Locale.ROOT, "%-10s %s  %s  %,d tokens  $%.4f%s%s", r.status(), name, what,
                r.usage().totalTokens(), r.cost(), verified, tail);
    }

    /** The last line of a batch, the failures first. */
    static String totals(BatchSummary summary) {
        return String.format(Locale.ROOT, "%s: %d failed, %d completed, %d no changes, %d skipped; %,d tokens, $%.4f%s",
                summary.name(), summary.count(RepoStatus.FAILED), summary.count(RepoStatus.COMPLETED),
                summary.count(RepoStatus.NO_CHANGES), summary.count(RepoStatus.SKIPPED), summary.totalTokens(),
                summary.cost(), summary.cancelled() ? " (cancelled)" : summary.stopped() != null ? " (stopped early)" : "");
    }

    /** " (open, draft, checks failing, changes requested, conflicts)", or "" when GitHub's answer is not known. */
    static String state(PullRequestRef pr) {
        if (pr.state() == null) {
            return "";
        }
        List<String> parts = new ArrayList<>(List.of(pr.state()));
        if (Boolean.TRUE.equals(pr.draft())) {
            parts.add("draft");
        }
        if (pr.checks() != null) {
            parts.add(switch (pr.checks()) {
                case "success" -> "checks passed";
                case "failure" -> "checks failing";
                case "pending" -> "checks running";
                default -> "no checks";
            });
        }
        if ("approved".equals(pr.reviewDecision())) {
            parts.add("approved");
        } else if ("changes_requested".equals(pr.reviewDecision())) {
            parts.add("changes requested");
        }
        if (Boolean.FALSE.equals(pr.mergeable())) {
            parts.add("conflicts");
        }
        return " (" + String.join(", ", parts) + ")";
    }

    /** "Pull requests: 2 open (1 draft), 1 merged, 0 closed; stuck: acme/a (failing checks)", or null when none. */
    static String pullRequestStates(List<RepoResult> results) {
        PullRequestTotals t = PullRequestTotals.of(results);
        if (t.open() + t.merged() + t.closed() == 0) {
            return null;
        }
        String stuck = t.stuck().stream().map(s -> s.repository() + " (" + String.join(", ", s.blockers()) + ")")
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "Pull requests: %d open (%d draft), %d merged, %d closed%s%s", t.open(),
                t.draft(), t.merged(), t.closed(), t.kept() > 0 ? "; " + t.kept() + " kept as people left them" : "",
                stuck.isEmpty() ? "" : "; stuck: " + stuck);
    }
}
