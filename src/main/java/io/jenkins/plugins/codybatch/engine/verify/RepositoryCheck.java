package io.jenkins.plugins.codybatch.engine.verify;

import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.TurnCheck;
import io.jenkins.plugins.codybatch.engine.batch.DurationText;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The verify command of one repository: run each time the model ends its turn with files changed, remembered
 * run by run, turned into result.json's {@code verification} and, when the last run failed, into the error.
 */
public final class RepositoryCheck implements TurnCheck {

    /** Whether the working tree differs from the base commit. */
    @FunctionalInterface
    public interface ChangeProbe {
        boolean changed() throws Exception;
    }

    private static final Pattern FAILING_LINE = Pattern.compile(
            "(?i).*\\b(error|errors|fail|failed|failure|failures|exception|panic|fatal|assert\\w*)\\b.*");
    private static final int FIRST_LINES = 5;
    private static final int LINE_CHARS = 200;

    private final VerifyOptions options;
    private final CheckRunner runner;
    private final Path checkout;
    private final ChangeProbe probe;
    private final List<CheckRun> runs = new ArrayList<>();

    public RepositoryCheck(VerifyOptions options, CheckRunner runner, Path checkout, ChangeProbe probe) {
        this.options = options;
        this.runner = runner;
        this.checkout = checkout;
        this.probe = probe;
    }

    @Override
    public Verdict check() throws InterruptedException {
        if (!changed()) {
            return null;
        }
        CheckRun run = runner.run(options.command(), checkout, options.timeout());
        runs.add(run);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("command", run.command());
        event.put("attempt", runs.size());
        event.put("exit_code", run.exitCode());
        event.put("timed_out", run.timedOut());
        event.put("duration_ms", run.durationMillis());
        event.put("output_tail", run.outputTail());
        return new Verdict(run.passed(), run.passed() ? null : feedback(run), event);
    }

    @Override
    public int repairAttempts() {
        return options.repairAttempts();
    }

    /** A repository whose change cannot be diffed is checked anyway: the check decides, not the probe. */
    private boolean changed() throws InterruptedException {
        try {
            return probe.changed();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return true;
        }
    }

    /** Whether the command ran and its last run passed. */
    public boolean passed() {
        return !runs.isEmpty() && runs.get(runs.size() - 1).passed();
    }

    public boolean ran() {
        return !runs.isEmpty();
    }

    /** result.json's record, or null when the command never ran. */
    public Verification result(AgentOutcome.Spend repairs) {
        if (runs.isEmpty()) {
            return null;
        }
        CheckRun last = runs.get(runs.size() - 1);
        long duration = runs.stream().mapToLong(CheckRun::durationMillis).sum();
        AgentOutcome.Spend spend = repairs == null ? AgentOutcome.Spend.ZERO : repairs;
        return new Verification(last.command(), last.passed(), runs.size(), duration, last.exitCode(),
                last.timedOut(), last.outputTail(), spend.iterations(), spend.usage(), spend.cost());
    }

    /** The error of a repository whose last run failed: the command, how it ended, its first failing lines. */
    public String failure() {
        CheckRun last = runs.get(runs.size() - 1);
        List<String> lines = firstFailingLines(last.outputTail());
        return "Verification failed: `" + last.command() + "` " + ending(last) + " (" + runs.size()
                + (runs.size() == 1 ? " run" : " runs") + ")."
                + (lines.isEmpty() ? " It printed nothing." : " First failing lines: " + String.join(" | ", lines));
    }

    private String feedback(CheckRun run) {
        return "The check `" + run.command() + "` failed after your change: it " + ending(run) + ". The end of its"
                + " output:\n```\n" + run.outputTail() + "\n```\nFind and fix the cause in the repository, then end"
                + " your turn; the check runs again. This is repair " + runs.size() + " of "
                + options.repairAttempts() + ".";
    }

    private String ending(CheckRun run) {
        if (run.timedOut()) {
            return "did not finish within " + DurationText.format(options.timeout()) + " and was killed";
        }
        return run.exitCode() == null ? "could not be started" : "exited with code " + run.exitCode();
    }

    static List<String> firstFailingLines(String tail) {
        List<String> lines = tail.lines().filter(line -> !line.isBlank())
                .filter(line -> !line.startsWith("[earlier output left out")).toList();
        List<String> failing = lines.stream().filter(line -> FAILING_LINE.matcher(line).matches()).limit(FIRST_LINES)
                .toList();
        List<String> chosen = failing.isEmpty() ? lines.subList(Math.max(0, lines.size() - FIRST_LINES), lines.size())
                : failing;
        return chosen.stream().map(String::strip)
                .map(line -> line.length() <= LINE_CHARS ? line : line.substring(0, LINE_CHARS) + "...").toList();
    }
}
