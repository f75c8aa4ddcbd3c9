package io.jenkins.plugins.codybatch.jenkins;

import hudson.util.FormValidation;
import io.jenkins.plugins.codybatch.engine.batch.DurationText;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of the options, shared by the forms (doCheck...) and the run: each problem says what is wrong
 * and what to do. One place, so the form and the build never disagree.
 */
final class OptionsCheck {

    static final int MAX_PARALLELISM = 64;
    static final Set<String> RESULTS = Set.of("SUCCESS", "UNSTABLE", "FAILURE");

    private OptionsCheck() {}

    /** Every problem of the options; empty when they can run. */
    static List<String> problems(BatchOptions o) {
        return problems(o, false);
    }

    /** @param retryRequested the build was started by "Retry failed repositories", which names the repositories */
    static List<String> problems(BatchOptions o, boolean retryRequested) {
        List<String> problems = new ArrayList<>();
        add(problems, prompt(o.getPrompt()));
        add(problems, type(o.getType()));
        for (String spec : o.getRepositories()) {
            add(problems, repository(spec));
        }
        add(problems, notNegative("maxTokens", o.getMaxTokens()));
        add(problems, notNegative("maxIterations", o.getMaxIterations()));
        add(problems, notNegative("maxTokensBudget", o.getMaxTokensBudget()));
        add(problems, notNegative("maxCost", o.getMaxCost()));
        add(problems, parallelism(o.getParallelism()));
        add(problems, result("resultWhenSomeFail", o.getResultWhenSomeFail()));
        add(problems, result("resultWhenAllFail", o.getResultWhenAllFail()));
        add(problems, branch(o.getBranch()));
        add(problems, notNegative("retryFailedFrom", o.getRetryFailedFrom()));
        add(problems, notNegative("gitHubAppInstallationId", o.getGitHubAppInstallationId()));
        add(problems, verifyAttempts(o.getVerifyAttempts()));
        add(problems, verifyTimeout(o.getVerifyTimeout()));
        add(problems, verifyCombination(o));
        if (o.hasSelection() && o.getOwner() == null) {
            problems.add("topic, nameGlob and fileGlob narrow the repositories of an owner: set 'owner' to the GitHub"
                    + " user or organization too.");
        }
        if (o.getRepositories().isEmpty() && !o.hasSelection() && o.getRetryFailedFrom() == 0 && !retryRequested) {
            problems.add("No repositories: list them in 'repositories' (owner/name, one per line), select them by"
                    + " owner/topic, or use retryFailedFrom.");
        }
        return problems;
    }

    static String prompt(String prompt) {
        return prompt == null || prompt.isBlank()
                ? "The prompt is empty: describe the change to make (or the question to answer) in every repository."
                : null;
    }

    static String type(String type) {
        try {
            JobType.fromId(type);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() + ".";
        }
    }

    static String repository(String spec) {
        if (spec.chars().anyMatch(Character::isWhitespace) || spec.startsWith("-")) {
            return "Repository '" + spec + "' is not valid: use owner/name, a git URL or a path, without spaces"
                    + " and not starting with '-'.";
        }
        return null;
    }

    static String notNegative(String field, double value) {
        return value < 0 ? field + " must be 0 (no limit / default) or more, was " + format(value) + "." : null;
    }

    static String parallelism(int value) {
        if (value < 0 || value > MAX_PARALLELISM) {
            return "parallelism must be between 1 and " + MAX_PARALLELISM + " (0 uses the global default), was "
                    + value + ".";
        }
        return null;
    }

    static String result(String field, String value) {
        return value != null && !RESULTS.contains(value.toUpperCase(Locale.ROOT))
                ? field + " must be SUCCESS, UNSTABLE or FAILURE, was '" + value + "'."
                : null;
    }

    static String branch(String branch) {
        if (branch != null && (branch.contains("..") || branch.startsWith("-") || branch.startsWith("/")
                || branch.endsWith("/") || branch.endsWith(".lock") || !branch.matches("[A-Za-z0-9._/-]+"))) {
            return "Branch '" + branch + "' is not a valid git branch name: use letters, digits, '.', '_', '-' and"
                    + " '/' (for example cody-batch/update-logging).";
        }
        return null;
    }

    static String verifyAttempts(int value) {
        return value < 0 || value > VerifyOptions.MAX_REPAIR_ATTEMPTS
                ? "verifyAttempts must be between 0 (check only, no repair) and " + VerifyOptions.MAX_REPAIR_ATTEMPTS
                        + ", was " + value + "."
                : null;
    }

    static String verifyTimeout(String value) {
        if (value == null) {
            return null;
        }
        try {
            DurationText.parse(value);
            return null;
        } catch (IllegalArgumentException e) {
            return "verifyTimeout " + e.getMessage() + ".";
        }
    }

    private static String verifyCombination(BatchOptions o) {
        if (o.getVerifyCommand() == null) {
            return o.getVerifyTimeout() != null || o.isVerifyDraftOnFailure()
                    ? "verifyTimeout and verifyDraftOnFailure go with verifyCommand: set the command that checks a"
                            + " change (for example mvn -B -q verify)."
                    : null;
        }
        if (JobType.ANALYSIS.id().equals(o.getType())) {
            return "verifyCommand checks changes, and analysis jobs make none: remove it, or use type"
                    + " code-pattern-update.";
        }
        return o.isVerifyDraftOnFailure() && !o.isCreatePullRequests()
                ? "verifyDraftOnFailure opens draft pull requests: set createPullRequests too."
                : null;
    }

    /** The form's view of one check: an error with the message, or OK. */
    static FormValidation toForm(String problem) {
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
