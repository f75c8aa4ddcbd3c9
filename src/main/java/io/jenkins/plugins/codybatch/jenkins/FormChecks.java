package io.jenkins.plugins.codybatch.jenkins;

import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.codybatch.engine.results.JobType;

/** Form-only checks (parsing what was typed) shared by the step's and the builder's descriptors. */
final class FormChecks {

    private FormChecks() {}

    static FormValidation prompt(String value) {
        return OptionsCheck.toForm(OptionsCheck.prompt(value));
    }

    /** Blank is fine: the batch then names the branch itself. */
    static FormValidation branch(String value) {
        return OptionsCheck.toForm(OptionsCheck.branch(value == null || value.isBlank() ? null : value.strip()));
    }

    static FormValidation wholeNumber(String field, String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            return OptionsCheck.toForm(OptionsCheck.notNegative(field, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return FormValidation.error(field + " must be a whole number (0 for the default), was '" + value + "'.");
        }
    }

    static FormValidation amount(String field, String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            return OptionsCheck.toForm(OptionsCheck.notNegative(field, Double.parseDouble(value.strip())));
        } catch (NumberFormatException e) {
            return FormValidation.error(field + " must be an amount in US dollars such as 2.50 (0 for no limit), was '"
                    + value + "'.");
        }
    }

    static FormValidation parallelism(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            return OptionsCheck.toForm(OptionsCheck.parallelism(Integer.parseInt(value.strip())));
        } catch (NumberFormatException e) {
            return FormValidation.error("parallelism must be a whole number, was '" + value + "'.");
        }
    }

    /** The command runs the repository's own code on the node: say so where it is typed. */
    static FormValidation verifyCommand(String value) {
        return value == null || value.isBlank()
                ? FormValidation.ok()
                : FormValidation.warning("Runs with sh -c in each checkout, on the node holding it: it executes the"
                        + " repository's own code. Use it only on repositories you trust, on agents you would run"
                        + " their builds on.");
    }

    static FormValidation verifyAttempts(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            return OptionsCheck.toForm(OptionsCheck.verifyAttempts(Integer.parseInt(value.strip())));
        } catch (NumberFormatException e) {
            return FormValidation.error("verifyAttempts must be a whole number, was '" + value + "'.");
        }
    }

    static FormValidation verifyTimeout(String value) {
        return OptionsCheck.toForm(OptionsCheck.verifyTimeout(value == null || value.isBlank() ? null : value.strip()));
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
