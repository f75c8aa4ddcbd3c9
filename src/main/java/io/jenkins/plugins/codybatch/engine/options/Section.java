package io.jenkins.plugins.codybatch.engine.options;

/** Groups of options, in the order help shows them. */
public enum Section {
    REPOSITORIES("Repositories"),
    JOB("The job"),
    PULL_REQUESTS("Pull requests"),
    VERIFICATION("Checking each change"),
    BUDGETS("Budgets"),
    RUN("How it runs"),
    OUTPUT("Results and console"),
    CONNECTION("Connections"),
    JENKINS("Jenkins");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
