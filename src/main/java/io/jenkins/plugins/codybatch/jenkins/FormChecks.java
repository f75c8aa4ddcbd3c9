package io.jenkins.plugins.codybatch.jenkins;

import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.options.JobOptions;
import io.jenkins.plugins.codybatch.engine.results.JobType;

/**
 * The forms' checks (doCheck...) of the step's and the builder's descriptors: what was typed, read as the option's
 * kind and checked by the option registry, the same check the build and the CLI make.
 */
final class FormChecks {

    private FormChecks() {}

    /** Blank is fine: the option is then unset. */
    static FormValidation check(JobOption option, String value) {
        try {
            Object parsed = JobOptions.parse(option, value, Host.JENKINS);
            return OptionsCheck.toForm(parsed == null ? null : option.problem(parsed, Host.JENKINS));
        } catch (IllegalArgumentException e) {
            return FormValidation.error(OptionsCheck.sentence(e.getMessage()));
        }
    }

    /** An option the job cannot do without: blank is an error too. */
    static FormValidation required(JobOption option, String value) {
        return value == null || value.isBlank() ? OptionsCheck.toForm(option.problem("", Host.JENKINS))
                : check(option, value);
    }

    /** The command runs the repository's own code on the node: say so where it is typed. */
    static FormValidation verifyCommand(String value) {
        return value == null || value.isBlank()
                ? FormValidation.ok()
                : FormValidation.warning("Runs with sh -c in each checkout, on the node holding it: it executes the"
                        + " repository's own code. Use it only on repositories you trust, on agents you would run"
                        + " their builds on.");
    }

    static FormValidation label(String value) {
        return value == null || value.isBlank()
                ? FormValidation.ok()
                : FormValidation.ok("Each repository becomes a build-queue task on an agent matching this label;"
                        + " parallelism limits how many are queued or running at once.");
    }

    static ListBoxModel types() {
        ListBoxModel model = new ListBoxModel();
        model.add(new ListBoxModel.Option("Code change (patch, optional pull request)", JobType.CODE_PATTERN_UPDATE.id()));
        model.add(new ListBoxModel.Option("Analysis (read-only report)", JobType.ANALYSIS.id()));
        return model;
    }

    static ListBoxModel results() {
        ListBoxModel model = new ListBoxModel();
        for (String result : new String[] {"UNSTABLE", "FAILURE", "SUCCESS"}) {
            model.add(new ListBoxModel.Option(result, result));
        }
        return model;
    }
}
