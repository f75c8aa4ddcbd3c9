package io.jenkins.plugins.codybatch.jenkins;

import hudson.util.FormValidation;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.options.JobOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation of the options at the start of a build: the option registry's checks ({@link JobOptions}, the same the
 * CLI and the forms use), named as the step names them, plus what only Jenkins knows (a retry names the
 * repositories). Each problem says what is wrong and what to do.
 */
final class OptionsCheck {

    static final int MAX_PARALLELISM = JobOption.MAX_PARALLELISM;

    private OptionsCheck() {}

    /** Every problem of the options; empty when they can run. */
    static List<String> problems(BatchOptions o) {
        return problems(o, false);
    }

    /** @param retryRequested the build was started by "Retry failed repositories", which names the repositories */
    static List<String> problems(BatchOptions o, boolean retryRequested) {
        List<String> problems = new ArrayList<>();
        if (o.getPrompt() == null) {
            problems.add(sentence(JobOption.PROMPT.problem("", Host.JENKINS)));
        }
        JobOptions.problems(o.values(), Host.JENKINS).forEach(problem -> problems.add(sentence(problem)));
        if (o.getRepositories().isEmpty() && !o.hasSelection() && o.getRetryFailedFrom() == 0 && !retryRequested) {
            problems.add("No repositories: list them in 'repositories' (owner/name, one per line), select them by"
                    + " owner/topic, or use retryFailedFrom.");
        }
        return problems;
    }

    /** The parallelism check of the registry, for the global default. */
    static String parallelism(int value) {
        return JobOption.PARALLELISM.problem((long) value, Host.JENKINS);
    }

    /** The form's view of one check: an error with the message, or OK. */
    static FormValidation toForm(String problem) {
        return problem == null ? FormValidation.ok() : FormValidation.error(sentence(problem));
    }

    /** Jenkins shows problems as sentences; the registry's end without a full stop, as one-line CLI errors do. */
    static String sentence(String problem) {
        return problem == null || problem.endsWith(".") ? problem : problem + ".";
    }
}
