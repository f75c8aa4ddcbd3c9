package io.jenkins.plugins.codybatch.engine.options;

/** What kind of value an option takes, and so how it is read from text (a form field, a CLI argument). */
public enum OptionKind {
    TEXT,
    /** Several values: repeated flags or comma-separated in the CLI, one per line in a form, a list in a Pipeline. */
    LIST,
    WHOLE_NUMBER,
    /** US dollars, such as 2.50. */
    AMOUNT,
    /** On or off; a CLI flag takes no value. */
    FLAG,
    /** 90s, 30m, 2h. */
    DURATION,
    /** A path on this machine (CLI only); "-" may stand for standard input where the help says so. */
    PATH
}
