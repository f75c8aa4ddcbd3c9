package io.jenkins.plugins.codybatch.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import java.io.IOException;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Freestyle build step "Run Cody Batch": the same options and the same {@link CodyBatchRunner} as the
 * Pipeline step. List options are edited as text, one value per line.
 */
public class CodyBatchBuilder extends Builder implements SimpleBuildStep {

    private final BatchOptions options;

    @DataBoundConstructor
    public CodyBatchBuilder(String prompt) {
        options = new BatchOptions(prompt);
    }

    public String getPrompt() {
        return options.getPrompt();
    }

    public String getRepositories() {
        return BatchOptions.joinLines(options.getRepositories());
    }

    @DataBoundSetter
    public void setRepositories(String repositories) {
        options.setRepositories(BatchOptions.lines(repositories));
    }

    public String getOwner() {
        return options.getOwner();
    }

    @DataBoundSetter
    public void setOwner(String owner) {
        options.setOwner(owner);
    }

    public String getTopic() {
        return options.getTopic();
    }

    @DataBoundSetter
    public void setTopic(String topic) {
        options.setTopic(topic);
    }

    public String getNameGlob() {
        return options.getNameGlob();
    }

    @DataBoundSetter
    public void setNameGlob(String nameGlob) {
        options.setNameGlob(nameGlob);
    }

    public String getFileGlob() {
        return options.getFileGlob();
    }

    @DataBoundSetter
    public void setFileGlob(String fileGlob) {
        options.setFileGlob(fileGlob);
    }

    public String getAllowedRepositories() {
        return BatchOptions.joinLines(options.getAllowedRepositories());
    }

    @DataBoundSetter
    public void setAllowedRepositories(String allowedRepositories) {
        options.setAllowedRepositories(BatchOptions.lines(allowedRepositories));
    }

    public String getAnthropicCredentialsId() {
        return options.getAnthropicCredentialsId();
    }

    @DataBoundSetter
    public void setAnthropicCredentialsId(String anthropicCredentialsId) {
        options.setAnthropicCredentialsId(anthropicCredentialsId);
    }

    public String getGithubCredentialsId() {
        return options.getGithubCredentialsId();
    }

    @DataBoundSetter
    public void setGithubCredentialsId(String githubCredentialsId) {
        options.setGithubCredentialsId(githubCredentialsId);
    }

    public long getGitHubAppInstallationId() {
        return options.getGitHubAppInstallationId();
    }

    @DataBoundSetter
    public void setGitHubAppInstallationId(long gitHubAppInstallationId) {
        options.setGitHubAppInstallationId(gitHubAppInstallationId);
    }

    public boolean isCreatePullRequests() {
        return options.isCreatePullRequests();
    }

    @DataBoundSetter
    public void setCreatePullRequests(boolean createPullRequests) {
        options.setCreatePullRequests(createPullRequests);
    }

    public String getModel() {
        return options.getModel();
    }

    @DataBoundSetter
    public void setModel(String model) {
        options.setModel(model);
    }

    public int getMaxTokens() {
        return options.getMaxTokens();
    }

    @DataBoundSetter
    public void setMaxTokens(int maxTokens) {
        options.setMaxTokens(maxTokens);
    }

    public int getMaxIterations() {
        return options.getMaxIterations();
    }

    @DataBoundSetter
    public void setMaxIterations(int maxIterations) {
        options.setMaxIterations(maxIterations);
    }

    public long getMaxTokensBudget() {
        return options.getMaxTokensBudget();
    }

    @DataBoundSetter
    public void setMaxTokensBudget(long maxTokensBudget) {
        options.setMaxTokensBudget(maxTokensBudget);
    }

    public double getMaxCost() {
        return options.getMaxCost();
    }

    @DataBoundSetter
    public void setMaxCost(double maxCost) {
        options.setMaxCost(maxCost);
    }

    public String getLabel() {
        return options.getLabel();
    }

    @DataBoundSetter
    public void setLabel(String label) {
        options.setLabel(label);
    }

    public int getParallelism() {
        return options.getParallelism();
    }

    @DataBoundSetter
    public void setParallelism(int parallelism) {
        options.setParallelism(parallelism);
    }

    public boolean isDraft() {
        return options.isDraft();
    }

    @DataBoundSetter
    public void setDraft(boolean draft) {
        options.setDraft(draft);
    }

    public String getLabels() {
        return BatchOptions.joinLines(options.getLabels());
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        options.setLabels(BatchOptions.lines(labels));
    }

    public String getReviewers() {
        return BatchOptions.joinLines(options.getReviewers());
    }

    @DataBoundSetter
    public void setReviewers(String reviewers) {
        options.setReviewers(BatchOptions.lines(reviewers));
    }

    public String getBranch() {
        return options.getBranch();
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        options.setBranch(branch);
    }

    public boolean isSkipCi() {
        return options.isSkipCi();
    }

    @DataBoundSetter
    public void setSkipCi(boolean skipCi) {
        options.setSkipCi(skipCi);
    }

    public String getResultWhenSomeFail() {
        return options.getResultWhenSomeFail();
    }

    @DataBoundSetter
    public void setResultWhenSomeFail(String resultWhenSomeFail) {
        options.setResultWhenSomeFail(resultWhenSomeFail);
    }

    public String getResultWhenAllFail() {
        return options.getResultWhenAllFail();
    }

    @DataBoundSetter
    public void setResultWhenAllFail(String resultWhenAllFail) {
        options.setResultWhenAllFail(resultWhenAllFail);
    }

    public String getType() {
        return options.getType();
    }

    @DataBoundSetter
    public void setType(String type) {
        options.setType(type);
    }

    public String getName() {
        return options.getName();
    }

    @DataBoundSetter
    public void setName(String name) {
        options.setName(name);
    }

    public int getRetryFailedFrom() {
        return options.getRetryFailedFrom();
    }

    @DataBoundSetter
    public void setRetryFailedFrom(int retryFailedFrom) {
        options.setRetryFailedFrom(retryFailedFrom);
    }

    public String getVerifyCommand() {
        return options.getVerifyCommand();
    }

    @DataBoundSetter
    public void setVerifyCommand(String verifyCommand) {
        options.setVerifyCommand(verifyCommand);
    }

    public int getVerifyAttempts() {
        return options.getVerifyAttempts();
    }

    @DataBoundSetter
    public void setVerifyAttempts(int verifyAttempts) {
        options.setVerifyAttempts(verifyAttempts);
    }

    public String getVerifyTimeout() {
        return options.getVerifyTimeout();
    }

    @DataBoundSetter
    public void setVerifyTimeout(String verifyTimeout) {
        options.setVerifyTimeout(verifyTimeout);
    }

    public boolean isVerifyDraftOnFailure() {
        return options.isVerifyDraftOnFailure();
    }

    @DataBoundSetter
    public void setVerifyDraftOnFailure(boolean verifyDraftOnFailure) {
        options.setVerifyDraftOnFailure(verifyDraftOnFailure);
    }

    public String getAssignees() {
        return BatchOptions.joinLines(options.getAssignees());
    }

    @DataBoundSetter
    public void setAssignees(String assignees) {
        options.setAssignees(BatchOptions.lines(assignees));
    }

    public String getBaseBranch() {
        return options.getBaseBranch();
    }

    @DataBoundSetter
    public void setBaseBranch(String baseBranch) {
        options.setBaseBranch(baseBranch);
    }

    public boolean isFork() {
        return options.isFork();
    }

    @DataBoundSetter
    public void setFork(boolean fork) {
        options.setFork(fork);
    }

    public String getForkOrganization() {
        return options.getForkOrganization();
    }

    @DataBoundSetter
    public void setForkOrganization(String forkOrganization) {
        options.setForkOrganization(forkOrganization);
    }

    public boolean isRecreateClosedPullRequests() {
        return options.isRecreateClosedPullRequests();
    }

    @DataBoundSetter
    public void setRecreateClosedPullRequests(boolean recreateClosedPullRequests) {
        options.setRecreateClosedPullRequests(recreateClosedPullRequests);
    }

    public long getMaxJobTokens() {
        return options.getMaxJobTokens();
    }

    @DataBoundSetter
    public void setMaxJobTokens(long maxJobTokens) {
        options.setMaxJobTokens(maxJobTokens);
    }

    public double getMaxJobCost() {
        return options.getMaxJobCost();
    }

    @DataBoundSetter
    public void setMaxJobCost(double maxJobCost) {
        options.setMaxJobCost(maxJobCost);
    }

    public String getTimeout() {
        return options.getTimeout();
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        options.setTimeout(timeout);
    }

    public boolean isUseBatchApi() {
        return options.isUseBatchApi();
    }

    @DataBoundSetter
    public void setUseBatchApi(boolean useBatchApi) {
        options.setUseBatchApi(useBatchApi);
    }

    BatchOptions options() {
        return options;
    }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        perform(CodyBatchRunner.create(), run, workspace, env, launcher, listener);
    }

    void perform(CodyBatchRunner runner, Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher,
            TaskListener listener) throws InterruptedException, IOException {
        runner.run(options, run, workspace, env, launcher, listener, Jenkins.getAuthentication2());
    }

    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "Run Cody Batch";
        }

        public FormValidation doCheckPrompt(@QueryParameter String value) {
            return FormChecks.required(JobOption.PROMPT, value);
        }

        public FormValidation doCheckRepositories(@QueryParameter String value) {
            return FormChecks.check(JobOption.REPOSITORIES, value);
        }

        public FormValidation doCheckNameGlob(@QueryParameter String value) {
            return FormChecks.check(JobOption.NAME_GLOB, value);
        }

        public FormValidation doCheckFileGlob(@QueryParameter String value) {
            return FormChecks.check(JobOption.FILE_GLOB, value);
        }

        public FormValidation doCheckAllowedRepositories(@QueryParameter String value) {
            return FormChecks.check(JobOption.ALLOWED_REPOSITORIES, value);
        }

        public FormValidation doCheckGitHubAppInstallationId(@QueryParameter String value) {
            return FormChecks.check(JobOption.GITHUB_APP_INSTALLATION_ID, value);
        }

        public FormValidation doCheckMaxTokens(@QueryParameter String value) {
            return FormChecks.check(JobOption.MAX_TOKENS, value);
        }

        public FormValidation doCheckMaxIterations(@QueryParameter String value) {
            return FormChecks.check(JobOption.MAX_ITERATIONS, value);
        }

        public FormValidation doCheckMaxTokensBudget(@QueryParameter String value) {
            return FormChecks.check(JobOption.MAX_TOKENS_BUDGET, value);
        }

        public FormValidation doCheckMaxCost(@QueryParameter String value) {
            return FormChecks.check(JobOption.MAX_COST, value);
        }

        public FormValidation doCheckMaxJobTokens(@QueryParameter String value) {
            return FormChecks.check(JobOption.MAX_JOB_TOKENS, value);
        }

        public FormValidation doCheckMaxJobCost(@QueryParameter String value) {
            return FormChecks.check(JobOption.MAX_JOB_COST, value);
        }

        public FormValidation doCheckParallelism(@QueryParameter String value) {
            return FormChecks.check(JobOption.PARALLELISM, value);
        }

        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return FormChecks.check(JobOption.TIMEOUT, value);
        }

        public FormValidation doCheckBranch(@QueryParameter String value) {
            return FormChecks.check(JobOption.BRANCH, value);
        }

        public FormValidation doCheckBaseBranch(@QueryParameter String value) {
            return FormChecks.check(JobOption.BASE_BRANCH, value);
        }

        public FormValidation doCheckVerifyAttempts(@QueryParameter String value) {
            return FormChecks.check(JobOption.VERIFY_ATTEMPTS, value);
        }

        public FormValidation doCheckVerifyTimeout(@QueryParameter String value) {
            return FormChecks.check(JobOption.VERIFY_TIMEOUT, value);
        }

        public FormValidation doCheckVerifyCommand(@QueryParameter String value) {
            return FormChecks.verifyCommand(value);
        }

        public FormValidation doCheckLabel(@QueryParameter String value) {
            return FormChecks.label(value);
        }

        public ListBoxModel doFillTypeItems() {
            return FormChecks.types();
        }

        public ListBoxModel doFillResultWhenSomeFailItems() {
            return FormChecks.results();
        }

        public ListBoxModel doFillResultWhenAllFailItems() {
            return FormChecks.results();
        }

        @POST
        public ListBoxModel doFillAnthropicCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String anthropicCredentialsId) {
            return CredentialsLists.anthropic(item, anthropicCredentialsId);
        }

        @POST
        public ListBoxModel doFillGithubCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String githubCredentialsId) {
            return CredentialsLists.gitHub(item, githubCredentialsId);
        }
    }
}
