package io.jenkins.plugins.codybatch.engine.options;

/**
 * The definition of a {@link JobOption}, written as a chain: {@code both("maxCost", "--max-cost", "USD",
 * AMOUNT).help("...").check(...)}. Mutable only while the enum is built.
 */
final class OptionDef {

    /** Where an option exists. */
    enum Where { BOTH, JENKINS_ONLY, CLI_ONLY }

    final Where where;
    final String id;
    final String flag;
    final String paramLabel;
    final OptionKind kind;
    Section section;
    String shortFlag;
    String defaultValue;
    String help = "";
    OptionCheck check = OptionCheck.NONE;
    String requires;
    String requiresProblem;
    boolean retryMayChange;
    boolean splitOnCommas;

    private OptionDef(Where where, String id, String flag, String paramLabel, OptionKind kind) {
        this.where = where;
        this.id = id;
        this.flag = flag;
        this.paramLabel = paramLabel;
        this.kind = kind;
    }

    /** An option of the step (and builder) and of the CLI. */
    static OptionDef both(String stepName, String flag, String paramLabel, OptionKind kind) {
        return new OptionDef(Where.BOTH, stepName, flag, paramLabel, kind);
    }

    /** An option only Jenkins has: credentials ids, agent label, build results, retry of a build. */
    static OptionDef jenkins(String stepName, OptionKind kind) {
        return new OptionDef(Where.JENKINS_ONLY, stepName, null, null, kind);
    }

    /** An option only the command line has: files, output, what is printed, connection settings. */
    static OptionDef cli(String id, String flag, String paramLabel, OptionKind kind) {
        return new OptionDef(Where.CLI_ONLY, id, flag, paramLabel, kind);
    }

    OptionDef in(Section value) {
        section = value;
        return this;
    }

    OptionDef shortFlag(String value) {
        shortFlag = value;
        return this;
    }

    OptionDef help(String value) {
        help = value;
        return this;
    }

    /** Shown after the help as "Default: ..."; also what "not set" means when checking combinations. */
    OptionDef byDefault(String value) {
        defaultValue = value;
        return this;
    }

    OptionDef check(OptionCheck value) {
        check = value;
        return this;
    }

    /** The option only makes sense with another one set; {@code problem} names both as {self} and {other}. */
    OptionDef requires(String otherId, String problem) {
        requires = otherId;
        requiresProblem = problem;
        return this;
    }

    OptionDef requiresPullRequests() {
        return requires("createPullRequests", "{self} applies to pull requests; add {createPullRequests}");
    }

    OptionDef requiresVerifyCommand() {
        return requires("verifyCommand", "{self} goes with {verifyCommand}; give the command that checks a change");
    }

    /** A --retry-failed run may give it again, and the value given then wins over the recorded one. */
    OptionDef retryMayChange() {
        retryMayChange = true;
        return this;
    }

    /** A list option whose CLI value may hold several entries separated by commas. */
    OptionDef commas() {
        splitOnCommas = true;
        return this;
    }
}
