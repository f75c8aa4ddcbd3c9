package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySelection;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a user asked for, as the Pipeline step and the freestyle builder both take it. Plain values with
 * defaults; {@link OptionsCheck} validates them and {@link CodyBatchRunner} turns them into a batch.
 * Values 0 / null / blank mean "use the global or engine default".
 */
public final class BatchOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private String prompt;
    private List<String> repositories = new ArrayList<>();
    private String owner;
    private String topic;
    private String nameGlob;
    private String fileGlob;
    private List<String> allowedRepositories = new ArrayList<>();
    private String anthropicCredentialsId;
    private String githubCredentialsId;
    private long gitHubAppInstallationId;
    private boolean createPullRequests;
    private String model;
    private int maxTokens;
    private int maxIterations;
    private long maxTokensBudget;
    private double maxCost;
    private String label;
    private int parallelism;
    private boolean draft;
    private List<String> labels = new ArrayList<>();
    private List<String> reviewers = new ArrayList<>();
    private String branch;
    private boolean skipCi;
    private String resultWhenSomeFail = "UNSTABLE";
    private String resultWhenAllFail = "FAILURE";
    private String type = JobType.CODE_PATTERN_UPDATE.id();
    private String name;
    private int retryFailedFrom;
    private String verifyCommand;
    /** Boxed: a job saved before verification existed has none (null), which means the default, not 0. */
    private Integer verifyAttempts = VerifyOptions.DEFAULT_REPAIR_ATTEMPTS;
    private String verifyTimeout;
    private boolean verifyDraftOnFailure;
    private List<String> assignees = new ArrayList<>();
    private String baseBranch;
    private boolean fork;
    private String forkOrganization;
    private boolean recreateClosedPullRequests;
    private long maxJobTokens;
    private double maxJobCost;
    private String timeout;
    private boolean useBatchApi;

    public BatchOptions(String prompt) {
        this.prompt = prompt;
    }

    /**
     * Jenkins reads a saved job (a freestyle build step's options) without running the constructor or the field
     * initializers, so fields added since it was saved come back null: they get their defaults here.
     */
    private Object readResolve() {
        repositories = repositories == null ? new ArrayList<>() : repositories;
        allowedRepositories = allowedRepositories == null ? new ArrayList<>() : allowedRepositories;
        labels = labels == null ? new ArrayList<>() : labels;
        reviewers = reviewers == null ? new ArrayList<>() : reviewers;
        assignees = assignees == null ? new ArrayList<>() : assignees;
        resultWhenSomeFail = resultWhenSomeFail == null ? "UNSTABLE" : resultWhenSomeFail;
        resultWhenAllFail = resultWhenAllFail == null ? "FAILURE" : resultWhenAllFail;
        type = type == null ? JobType.CODE_PATTERN_UPDATE.id() : type;
        return this;
    }

    /** Whether any of owner, topic, nameGlob or fileGlob is set. */
    public boolean hasSelection() {
        return owner != null || topic != null || nameGlob != null || fileGlob != null;
    }

    /** The engine's selection: the owner's repositories (no forks, no archived ones) narrowed by the filters. */
    public RepositorySelection selection() {
        return new RepositorySelection(owner, topic, nameGlob, false, false, fileGlob);
    }

    public String getPrompt() { return prompt; }
    public void setPrompt(String v) { prompt = v; }
    public List<String> getRepositories() { return List.copyOf(repositories); }
    public void setRepositories(List<String> v) { repositories = clean(v); }
    public String getOwner() { return owner; }
    public void setOwner(String v) { owner = trim(v); }
    public String getTopic() { return topic; }
    public void setTopic(String v) { topic = trim(v); }
    public String getNameGlob() { return nameGlob; }
    public void setNameGlob(String v) { nameGlob = trim(v); }
    public String getFileGlob() { return fileGlob; }
    public void setFileGlob(String v) { fileGlob = trim(v); }
    public List<String> getAllowedRepositories() { return List.copyOf(allowedRepositories); }
    public void setAllowedRepositories(List<String> v) { allowedRepositories = clean(v); }
    public String getAnthropicCredentialsId() { return anthropicCredentialsId; }
    public void setAnthropicCredentialsId(String v) { anthropicCredentialsId = trim(v); }
    public String getGithubCredentialsId() { return githubCredentialsId; }
    public void setGithubCredentialsId(String v) { githubCredentialsId = trim(v); }
    public long getGitHubAppInstallationId() { return gitHubAppInstallationId; }
    public void setGitHubAppInstallationId(long v) { gitHubAppInstallationId = v; }
    public boolean isCreatePullRequests() { return createPullRequests; }
    public void setCreatePullRequests(boolean v) { createPullRequests = v; }
    public String getModel() { return model; }
    public void setModel(String v) { model = trim(v); }
    public int getMaxTokens() { return maxTokens; }
    public void setMaxTokens(int v) { maxTokens = v; }
    public int getMaxIterations() { return maxIterations; }
    public void setMaxIterations(int v) { maxIterations = v; }
    public long getMaxTokensBudget() { return maxTokensBudget; }
    public void setMaxTokensBudget(long v) { maxTokensBudget = v; }
    public double getMaxCost() { return maxCost; }
    public void setMaxCost(double v) { maxCost = v; }
    public String getLabel() { return label; }
    public void setLabel(String v) { label = trim(v); }
    public int getParallelism() { return parallelism; }
    public void setParallelism(int v) { parallelism = v; }
    public boolean isDraft() { return draft; }
    public void setDraft(boolean v) { draft = v; }
    public List<String> getLabels() { return List.copyOf(labels); }
    public void setLabels(List<String> v) { labels = clean(v); }
    public List<String> getReviewers() { return List.copyOf(reviewers); }
    public void setReviewers(List<String> v) { reviewers = clean(v); }
    public String getBranch() { return branch; }
    public void setBranch(String v) { branch = trim(v); }
    public boolean isSkipCi() { return skipCi; }
    public void setSkipCi(boolean v) { skipCi = v; }
    public String getResultWhenSomeFail() { return resultWhenSomeFail; }
    public void setResultWhenSomeFail(String v) { resultWhenSomeFail = trim(v) == null ? "UNSTABLE" : trim(v); }
    public String getResultWhenAllFail() { return resultWhenAllFail; }
    public void setResultWhenAllFail(String v) { resultWhenAllFail = trim(v) == null ? "FAILURE" : trim(v); }
    public String getType() { return type; }
    public void setType(String v) { type = trim(v) == null ? JobType.CODE_PATTERN_UPDATE.id() : trim(v); }
    public String getName() { return name; }
    public void setName(String v) { name = trim(v); }
    public int getRetryFailedFrom() { return retryFailedFrom; }
    public void setRetryFailedFrom(int v) { retryFailedFrom = v; }
    public String getVerifyCommand() { return verifyCommand; }
    public void setVerifyCommand(String v) { verifyCommand = trim(v); }
    public int getVerifyAttempts() {
        return verifyAttempts == null ? VerifyOptions.DEFAULT_REPAIR_ATTEMPTS : verifyAttempts;
    }
    public void setVerifyAttempts(int v) { verifyAttempts = v; }
    public String getVerifyTimeout() { return verifyTimeout; }
    public void setVerifyTimeout(String v) { verifyTimeout = trim(v); }
    public boolean isVerifyDraftOnFailure() { return verifyDraftOnFailure; }
    public void setVerifyDraftOnFailure(boolean v) { verifyDraftOnFailure = v; }

    public List<String> getAssignees() { return List.copyOf(assignees); }
    public void setAssignees(List<String> v) { assignees = clean(v); }
    public String getBaseBranch() { return baseBranch; }
    public void setBaseBranch(String v) { baseBranch = trim(v); }
    public boolean isFork() { return fork; }
    public void setFork(boolean v) { fork = v; }
    public String getForkOrganization() { return forkOrganization; }
    public void setForkOrganization(String v) { forkOrganization = trim(v); }
    public boolean isRecreateClosedPullRequests() { return recreateClosedPullRequests; }
    public void setRecreateClosedPullRequests(boolean v) { recreateClosedPullRequests = v; }
    public long getMaxJobTokens() { return maxJobTokens; }
    public void setMaxJobTokens(long v) { maxJobTokens = v; }
    public double getMaxJobCost() { return maxJobCost; }
    public void setMaxJobCost(double v) { maxJobCost = v; }
    public String getTimeout() { return timeout; }
    public void setTimeout(String v) { timeout = trim(v); }
    public boolean isUseBatchApi() { return useBatchApi; }
    public void setUseBatchApi(boolean v) { useBatchApi = v; }

    /**
     * Every step option's value, keyed by its {@link JobOption}, as the registry's checks take them (numbers, flags,
     * lists, text); null where unset.
     */
    Map<JobOption, Object> values() {
        Map<JobOption, Object> values = new EnumMap<>(JobOption.class);
        put(values, JobOption.PROMPT, prompt);
        put(values, JobOption.REPOSITORIES, repositories);
        put(values, JobOption.OWNER, owner);
        put(values, JobOption.TOPIC, topic);
        put(values, JobOption.NAME_GLOB, nameGlob);
        put(values, JobOption.FILE_GLOB, fileGlob);
        put(values, JobOption.ALLOWED_REPOSITORIES, allowedRepositories);
        put(values, JobOption.ANTHROPIC_CREDENTIALS_ID, anthropicCredentialsId);
        put(values, JobOption.GITHUB_CREDENTIALS_ID, githubCredentialsId);
        put(values, JobOption.GITHUB_APP_INSTALLATION_ID, gitHubAppInstallationId);
        put(values, JobOption.CREATE_PULL_REQUESTS, createPullRequests);
        put(values, JobOption.MODEL, model);
        put(values, JobOption.MAX_TOKENS, (long) maxTokens);
        put(values, JobOption.MAX_ITERATIONS, (long) maxIterations);
        put(values, JobOption.MAX_TOKENS_BUDGET, maxTokensBudget);
        put(values, JobOption.MAX_COST, maxCost);
        put(values, JobOption.MAX_JOB_TOKENS, maxJobTokens);
        put(values, JobOption.MAX_JOB_COST, maxJobCost);
        put(values, JobOption.LABEL, label);
        put(values, JobOption.PARALLELISM, (long) parallelism);
        put(values, JobOption.TIMEOUT, timeout);
        put(values, JobOption.USE_BATCH_API, useBatchApi);
        put(values, JobOption.DRAFT, draft);
        put(values, JobOption.LABELS, labels);
        put(values, JobOption.REVIEWERS, reviewers);
        put(values, JobOption.ASSIGNEES, assignees);
        put(values, JobOption.BRANCH, branch);
        put(values, JobOption.BASE_BRANCH, baseBranch);
        put(values, JobOption.SKIP_CI, skipCi);
        put(values, JobOption.FORK, fork);
        put(values, JobOption.FORK_ORGANIZATION, forkOrganization);
        put(values, JobOption.RECREATE_CLOSED, recreateClosedPullRequests);
        put(values, JobOption.RESULT_WHEN_SOME_FAIL, resultWhenSomeFail);
        put(values, JobOption.RESULT_WHEN_ALL_FAIL, resultWhenAllFail);
        put(values, JobOption.TYPE, type);
        put(values, JobOption.NAME, name);
        put(values, JobOption.RETRY_FAILED_FROM, (long) retryFailedFrom);
        put(values, JobOption.VERIFY_COMMAND, verifyCommand);
        put(values, JobOption.VERIFY_ATTEMPTS, (long) getVerifyAttempts());
        put(values, JobOption.VERIFY_TIMEOUT, verifyTimeout);
        put(values, JobOption.VERIFY_DRAFT_ON_FAILURE, verifyDraftOnFailure);
        return values;
    }

    private static void put(Map<JobOption, Object> values, JobOption option, Object value) {
        if (value != null) {
            values.put(option, value);
        }
    }

    /** Splits the text of a form's textarea (one value per line, or comma separated) into values. */
    static List<String> lines(String text) {
        List<String> values = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[\\r\\n,]+")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return values;
    }

    static String joinLines(List<String> values) {
        return String.join("\n", values);
    }

    private static List<String> clean(List<String> values) {
        List<String> cleaned = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    cleaned.add(value.strip());
                }
            }
        }
        return cleaned;
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
