package io.jenkins.plugins.codybatch.engine.options;

import static io.jenkins.plugins.codybatch.engine.options.OptionDef.both;
import static io.jenkins.plugins.codybatch.engine.options.OptionDef.cli;
import static io.jenkins.plugins.codybatch.engine.options.OptionDef.jenkins;
import static io.jenkins.plugins.codybatch.engine.options.OptionKind.AMOUNT;
import static io.jenkins.plugins.codybatch.engine.options.OptionKind.DURATION;
import static io.jenkins.plugins.codybatch.engine.options.OptionKind.FLAG;
import static io.jenkins.plugins.codybatch.engine.options.OptionKind.LIST;
import static io.jenkins.plugins.codybatch.engine.options.OptionKind.PATH;
import static io.jenkins.plugins.codybatch.engine.options.OptionKind.TEXT;
import static io.jenkins.plugins.codybatch.engine.options.OptionKind.WHOLE_NUMBER;

import io.jenkins.plugins.codybatch.engine.Host;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every option of a job, the one place that defines its name in the codyBatch step and the freestyle builder, its
 * CLI flag, its help, its default and its check. The CLI builds its flags from here, the Jenkins forms and the run
 * check values through here, the Jenkins help files are tested to say what {@link #help} says, and engine messages
 * name options through {@link #nameIn} (docs/cli.md).
 */
public enum JobOption {
    REPOSITORIES(both("repositories", "--repo", "SPEC", LIST).in(Section.REPOSITORIES).check(OptionCheck.repositories())
            .help("A repository: owner/name on GitHub, a git URL or a local path. Several may be given; one listed"
                    + " twice is worked once. Each succeeds or fails on its own.")),
    REPOS_FILE(cli("reposFile", "--repos-file", "FILE", PATH).in(Section.REPOSITORIES)
            .help("Read the repositories from a file, one a line (# starts a comment); - reads standard input.")),
    OWNER(both("owner", "--owner", "OWNER", TEXT).in(Section.REPOSITORIES)
            .help("Select the repositories of this GitHub user or organization (in addition to those listed),"
                    + " through the GitHub API with the GitHub token. Forks and archived repositories are left out.")),
    TOPIC(both("topic", "--topic", "TOPIC", TEXT).in(Section.REPOSITORIES)
            .requires("owner", "{self} narrows the repositories of an owner; add {owner}")
            .help("Keep only the owner's repositories that carry this GitHub topic.")),
    NAME_GLOB(both("nameGlob", "--name-glob", "GLOB", TEXT).in(Section.REPOSITORIES).check(OptionCheck.globs())
            .requires("owner", "{self} narrows the repositories of an owner; add {owner}")
            .help("Keep only the owner's repositories whose name (without the owner) matches this glob, such as"
                    + " service-*.")),
    FILE_GLOB(both("fileGlob", "--file-glob", "GLOB", TEXT).in(Section.REPOSITORIES).check(OptionCheck.globs())
            .requires("owner", "{self} narrows the repositories of an owner; add {owner}")
            .help("Keep only the owner's repositories whose default branch has a file matching this glob: without /,"
                    + " such as pom.xml, it matches the file name at any depth; with /, such as src/main/*.java, the"
                    + " whole path.")),
    ALLOWED_REPOSITORIES(both("allowedRepositories", "--allowed-repos", "GLOBS", LIST).in(Section.REPOSITORIES)
            .commas().check(OptionCheck.globs())
            .help("owner/name globs, such as acme/*, that narrow what this job may touch: a repository outside them is"
                    + " SKIPPED and never cloned.")),

    PROMPT(both("prompt", "--prompt", "TEXT", TEXT).in(Section.JOB)
            .check(OptionCheck.notBlank("say what the model should do in every repository"))
            .help("What the model should do in every repository (for an analysis job: the question to answer)."
                    + " Required.")),
    PROMPT_FILE(cli("promptFile", "--prompt-file", "FILE", PATH).in(Section.JOB)
            .help("Read {prompt} from a UTF-8 text file; - reads standard input.")),
    TYPE(both("type", "--type", "TYPE", TEXT).in(Section.JOB).check(OptionCheck.jobType()).byDefault("code-pattern-update")
            .help("code-pattern-update: the model edits files; each repository gets a patch and, if asked, a pull"
                    + " request. analysis: the model only reads and answers; the answer is kept as report.md.")),
    NAME(both("name", "--name", "NAME", TEXT).in(Section.JOB)
            .check(OptionCheck.notBlank("give the job a name, or leave the option out"))
            .help("The job's name; its pull request branch is cody-batch/<name>, so keep it the same from run to run."
                    + " Default: in the CLI the prompt's first words and a hash of it, in Jenkins the job's name.")),
    MODEL(both("model", "--model", "ID", TEXT).in(Section.JOB).retryMayChange()
            .help("The Claude model id. Default: CLAUDE_MODEL in the CLI, the global default model in Jenkins, else"
                    + " the engine's default.")),
    MAX_TOKENS(both("maxTokens", "--max-tokens", "N", WHOLE_NUMBER).in(Section.JOB).check(OptionCheck.notNegative())
            .retryMayChange().help("max_tokens of each model request. 0: the default (8192).")),

    CREATE_PULL_REQUESTS(both("createPullRequests", "--create-prs", null, FLAG).in(Section.PULL_REQUESTS)
            .help("Open or update a pull request in every repository where the change made a patch and the GitHub"
                    + " token may push (or, with {fork}, from a fork). Off: patches only. Not for analysis jobs.")),
    DRAFT(both("draft", "--draft", null, FLAG).in(Section.PULL_REQUESTS).requiresPullRequests()
            .help("Open the pull requests as drafts.")),
    LABELS(both("labels", "--labels", "LABEL", LIST).in(Section.PULL_REQUESTS).commas()
            .requiresPullRequests().help("Labels to put on the pull requests.")),
    REVIEWERS(both("reviewers", "--reviewers", "USER", LIST).in(Section.PULL_REQUESTS).commas()
            .requiresPullRequests()
            .help("GitHub users, or org/team, to request reviews of the pull requests from.")),
    ASSIGNEES(both("assignees", "--assignees", "USER", LIST).in(Section.PULL_REQUESTS).commas()
            .requiresPullRequests().help("GitHub users to assign the pull requests to.")),
    BRANCH(both("branch", "--branch", "BRANCH", TEXT).in(Section.PULL_REQUESTS).check(OptionCheck.branch())
            .requiresPullRequests()
            .help("The branch the change is pushed to; a re-run updates the same branch and pull request. Default:"
                    + " cody-batch/<name>.")),
    BASE_BRANCH(both("baseBranch", "--base-branch", "BRANCH", TEXT).in(Section.PULL_REQUESTS)
            .check(OptionCheck.branch()).requiresPullRequests()
            .help("The branch to start from and open the pull requests against. Default: each repository's default"
                    + " branch.")),
    SKIP_CI(both("skipCi", "--skip-ci", null, FLAG).in(Section.PULL_REQUESTS).requiresPullRequests()
            .help("Add [skip ci] to the commit message, so that a large batch does not start a CI build in every"
                    + " repository.")),
    FORK(both("fork", "--fork", null, FLAG).in(Section.PULL_REQUESTS).requiresPullRequests()
            .help("Push the change to a fork and open the pull request from there, for repositories the token may"
                    + " read but not push to. The fork is made in the token's account, or in {forkOrganization}.")),
    FORK_ORGANIZATION(both("forkOrganization", "--fork-organization", "ORG", TEXT).in(Section.PULL_REQUESTS)
            .requires("fork", "{self} says where to fork; add {fork}")
            .help("The organization to fork into, instead of the token's account.")),
    RECREATE_CLOSED(both("recreateClosedPullRequests", "--recreate-closed", null, FLAG).in(Section.PULL_REQUESTS)
            .requiresPullRequests()
            .help("Open a new pull request where the job's last one was closed without merging (by default a"
                    + " closed pull request stays closed).")),

    VERIFY_COMMAND(both("verifyCommand", "--verify-command", "CMD", TEXT).in(Section.VERIFICATION)
            .check(OptionCheck.notBlank("give the command that checks a change, e.g. 'mvn -q test'"))
            .help("A command that checks each change, run with sh -c in the checkout each time the model ends its"
                    + " turn with files changed; a failure goes back to the model, and a repository is COMPLETED only"
                    + " when the last run passes. It runs the repository's own code: docs/verification.md.")),
    VERIFY_ATTEMPTS(both("verifyAttempts", "--verify-attempts", "N", WHOLE_NUMBER).in(Section.VERIFICATION)
            .check(OptionCheck.between(0, 10, "check only, no repair")).byDefault("2").requiresVerifyCommand()
            .help("How many times the model may repair a change whose check failed.")),
    VERIFY_TIMEOUT(both("verifyTimeout", "--verify-timeout", "DURATION", DURATION).in(Section.VERIFICATION)
            .check(OptionCheck.duration()).byDefault("10m").requiresVerifyCommand()
            .help("Limit of one run of the check, such as 90s or 10m; at the limit its processes are killed and the"
                    + " run fails.")),
    VERIFY_DRAFT_ON_FAILURE(both("verifyDraftOnFailure", "--verify-draft-on-failure", null, FLAG)
            .in(Section.VERIFICATION).requires("createPullRequests", "{self} opens draft pull requests; add"
                    + " {createPullRequests}")
            .help("Open a change whose check never passes as a draft pull request labelled 'cody-batch: verification"
                    + " failed', for a person to take over; the repository stays FAILED.")),

    MAX_ITERATIONS(both("maxIterations", "--max-iterations", "N", WHOLE_NUMBER).in(Section.BUDGETS)
            .check(OptionCheck.notNegative()).retryMayChange()
            .help("Model requests one repository may make at most. 0: the default (30).")),
    MAX_TOKENS_BUDGET(both("maxTokensBudget", "--max-tokens-budget", "N", WHOLE_NUMBER).in(Section.BUDGETS)
            .check(OptionCheck.notNegative()).retryMayChange()
            .help("Tokens (input, output and cache) one repository may use at most; it then stops, FAILED, with the"
                    + " work so far in patch.diff. 0: no limit.")),
    MAX_COST(both("maxCost", "--max-cost", "USD", AMOUNT).in(Section.BUDGETS).check(OptionCheck.notNegative())
            .retryMayChange().help("US dollars one repository may cost at most, from the price table; it then stops"
                    + " like at {maxTokensBudget}. 0: no limit.")),
    MAX_JOB_TOKENS(both("maxJobTokens", "--max-job-tokens", "N", WHOLE_NUMBER).in(Section.BUDGETS)
            .check(OptionCheck.notNegative()).retryMayChange()
            .help("Tokens the whole job may use at most. Once they are spent no repository starts, the running ones"
                    + " stop before their next model request, and the rest are recorded FAILED for a retry. 0: no"
                    + " limit.")),
    MAX_JOB_COST(both("maxJobCost", "--max-job-cost", "USD", AMOUNT).in(Section.BUDGETS)
            .check(OptionCheck.notNegative()).retryMayChange()
            .help("US dollars the whole job may cost at most; once spent, the job stops as at {maxJobTokens}. 0: no"
                    + " limit.")),

    PARALLELISM(both("parallelism", "--parallel", "N", WHOLE_NUMBER).in(Section.RUN).retryMayChange()
            .check(OptionCheck.countOrDefault(JobOption.MAX_PARALLELISM))
            .help("Repositories worked on at once. 0: the default (4; in Jenkins the global setting).")),
    TIMEOUT(both("timeout", "--timeout", "DURATION", DURATION).in(Section.RUN).check(OptionCheck.duration())
            .byDefault("30m").retryMayChange()
            .help("Wall-clock limit of one repository, such as 90s, 30m or 2h; a repository over it is stopped and"
                    + " FAILED, what it spent kept. With {useBatchApi} the default is 24h.")),
    USE_BATCH_API(both("useBatchApi", "--batch-api", null, FLAG).in(Section.RUN).retryMayChange()
            .help("Send the model's turns through the Message Batches API: half the price, but a turn can take minutes"
                    + " to hours (after 1 h without a result it is sent directly, at full price), so the default"
                    + " {timeout} becomes 24h. Set {parallelism} to the number of repositories so that all their"
                    + " turns share each batch.")),
    RETRY_FAILED(cli("retryFailed", "--retry-failed", "DIR", PATH).in(Section.RUN)
            .help("Run again, in the results folder DIR of an earlier run and with its recorded job, the repositories"
                    + " that FAILED or never finished; options given now that change how it runs win.")),
    DRY_RUN(cli("dryRun", "--dry-run", null, FLAG).in(Section.RUN)
            .help("Resolve and select the repositories, apply the allowlist, check access and print what would be"
                    + " worked, and why not; nothing is cloned and no model request is made.")),

    OUTPUT(cli("output", "--output", "DIR", PATH).in(Section.OUTPUT).byDefault("cody-batch-output")
            .help("The results folder: summary.json, report.html, and repos/<owner>__<name>/ with patch.diff,"
                    + " transcript.jsonl, result.json and report.md.")),
    JSON(cli("json", "--json", null, FLAG).in(Section.OUTPUT)
            .help("Print the final summary (summary.json; for {dryRun} the plan) as JSON on standard output, and"
                    + " the lines for people on standard error.")),
    QUIET(cli("quiet", "--quiet", null, FLAG).shortFlag("-q").in(Section.OUTPUT)
            .help("Print only problems and the totals.")),
    VERBOSE(cli("verbose", "--verbose", null, FLAG).shortFlag("-v").in(Section.OUTPUT)
            .help("Also print each repository's folder and the model's closing words.")),

    API_URL(cli("anthropicApiBaseUrl", "--api-url", "URL", TEXT).in(Section.CONNECTION).retryMayChange()
            .help("Anthropic API base URL. Default: ANTHROPIC_BASE_URL, else https://api.anthropic.com.")),
    GITHUB_API_URL(cli("gitHubApiUrl", "--github-api-url", "URL", TEXT).in(Section.CONNECTION).retryMayChange()
            .help("GitHub API URL, for GitHub Enterprise. Default: GITHUB_API_URL, else https://api.github.com.")),

    ANTHROPIC_CREDENTIALS_ID(jenkins("anthropicCredentialsId", TEXT).in(Section.JENKINS)
            .help("A Secret text credential holding the Anthropic API key. Empty: the global default, else the"
                    + " ANTHROPIC_API_KEY variable (for example bound with withCredentials). The key is never written"
                    + " to the log, the artifacts or the build page.")),
    GITHUB_CREDENTIALS_ID(jenkins("githubCredentialsId", TEXT).in(Section.JENKINS)
            .help("GitHub access: a Secret text token, a Username with password whose password is a token, or a"
                    + " GitHub App as Username with password with the App id as username and the App's PEM private key"
                    + " as password. Empty: the global default, else the GITHUB_TOKEN variable. Needed to open pull"
                    + " requests, for private repositories and for selection by owner.")),
    GITHUB_APP_INSTALLATION_ID(jenkins("gitHubAppInstallationId", WHOLE_NUMBER).in(Section.JENKINS)
            .check(OptionCheck.notNegative())
            .help("Only for GitHub credentials that are a GitHub App: the number of its installation, at the end of"
                    + " the installation's settings page URL. 0: the global default. Not needed for tokens.")),
    LABEL(jenkins("label", TEXT).in(Section.JENKINS)
            .help("Agent label expression, such as linux && docker: each repository then becomes its own build-queue"
                    + " task on an agent matching it. Empty: every repository runs in the workspace of the node"
                    + " running this step.")),
    RESULT_WHEN_SOME_FAIL(jenkins("resultWhenSomeFail", TEXT).in(Section.JENKINS).check(OptionCheck.buildResult())
            .byDefault("UNSTABLE")
            .help("The build result when some repositories failed (or when every repository was skipped).")),
    RESULT_WHEN_ALL_FAIL(jenkins("resultWhenAllFail", TEXT).in(Section.JENKINS).check(OptionCheck.buildResult())
            .byDefault("FAILURE").help("The build result when every repository that ran failed.")),
    RETRY_FAILED_FROM(jenkins("retryFailedFrom", WHOLE_NUMBER).in(Section.JENKINS).check(OptionCheck.notNegative())
            .help("A build number of this job: run only the repositories that FAILED in that build (with this"
                    + " build's prompt and options). 0: off."));

    public static final int MAX_PARALLELISM = 64;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)\\}");

    private final OptionDef def;

    JobOption(OptionDef def) {
        this.def = def;
    }

    /** The name in the codyBatch step and the builder (for a CLI-only option, its identifier). */
    public String id() {
        return def.id;
    }

    /** The CLI flag, or null for an option only Jenkins has. */
    public String flag() {
        return def.flag;
    }

    /** A one-letter alias of the flag, or null. */
    public String shortFlag() {
        return def.shortFlag;
    }

    public String paramLabel() {
        return def.paramLabel;
    }

    public OptionKind kind() {
        return def.kind;
    }

    public Section section() {
        return def.section;
    }

    /** What an unset option means, as people write it; null when the help says it. */
    public String defaultValue() {
        return def.defaultValue;
    }

    public boolean inStep() {
        return def.where != OptionDef.Where.CLI_ONLY;
    }

    public boolean inCli() {
        return def.where != OptionDef.Where.JENKINS_ONLY;
    }

    /** Whether a --retry-failed run may give it again (the recorded job keeps everything else). */
    public boolean retryMayChange() {
        return def.retryMayChange;
    }

    /** Whether the CLI splits a value of this list option at commas. */
    public boolean splitsOnCommas() {
        return def.splitOnCommas;
    }

    /** The option another one needs to make sense, or null. */
    public JobOption requires() {
        return def.requires == null ? null : byId(def.requires);
    }

    /** The name a user of that host knows: the CLI flag on the command line, the step option in Jenkins. */
    public String nameIn(Host host) {
        return host == Host.CLI && def.flag != null || def.id == null ? def.flag : def.id;
    }

    /** The help, with options named as the host names them and the default added. */
    public String help(Host host) {
        return names(def.help, host) + (def.defaultValue == null ? "" : " Default: " + def.defaultValue + ".");
    }

    /** The problem of a (normalized, non-null) value in the host's names, or null when it is fine. */
    public String problem(Object value, Host host) {
        String problem = def.check.problem(value);
        return problem == null ? null : names(problem, host);
    }

    /** The problem of this option being set without the one it needs, in the host's names. */
    String requirementProblem(Host host) {
        return names(def.requiresProblem, host);
    }

    public static JobOption byId(String id) {
        for (JobOption option : values()) {
            if (option.def.id.equals(id)) {
                return option;
            }
        }
        throw new IllegalArgumentException("no option " + id);
    }

    /** Replaces {self} and {stepName} with the names the host uses. */
    private String names(String text, Host host) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JobOption named = m.group(1).equals("self") ? this : byId(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(named.nameIn(host)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
