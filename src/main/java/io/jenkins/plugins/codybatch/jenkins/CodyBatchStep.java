package io.jenkins.plugins.codybatch.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.model.Result;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import net.sf.json.JSONObject;
import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;

/**
 * Pipeline step {@code codyBatch}: applies one prompt to many repositories and returns a map of the
 * outcome (see docs/jenkins.md). Must run inside {@code node}: repositories are worked in its workspace.
 */
public class CodyBatchStep extends Step {

    private final BatchOptions options;

    @DataBoundConstructor
    public CodyBatchStep(String prompt) {
        options = new BatchOptions(prompt);
    }

    public String getPrompt() {
        return options.getPrompt();
    }

    public List<String> getRepositories() {
        return options.getRepositories();
    }

    @DataBoundSetter
    public void setRepositories(List<String> repositories) {
        options.setRepositories(repositories);
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

    public List<String> getAllowedRepositories() {
        return options.getAllowedRepositories();
    }

    @DataBoundSetter
    public void setAllowedRepositories(List<String> allowedRepositories) {
        options.setAllowedRepositories(allowedRepositories);
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

    public List<String> getLabels() {
        return options.getLabels();
    }

    @DataBoundSetter
    public void setLabels(List<String> labels) {
        options.setLabels(labels);
    }

    public List<String> getReviewers() {
        return options.getReviewers();
    }

    @DataBoundSetter
    public void setReviewers(List<String> reviewers) {
        options.setReviewers(reviewers);
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

    public List<String> getAssignees() {
        return options.getAssignees();
    }

    @DataBoundSetter
    public void setAssignees(List<String> assignees) {
        options.setAssignees(assignees);
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
    public StepExecution start(StepContext context) {
        return new Execution(context, options, CodyBatchRunner::create);
    }

    /**
     * Runs the batch on a background thread so the CPS VM thread never waits, as the build's own user. {@link #stop}
     * interrupts it; the thread then records what the running repositories spent, archives, and ends the step itself,
     * so nothing writes into the workspace after the step is over.
     */
    static final class Execution extends StepExecution {

        private static final long serialVersionUID = 1L;
        private static final ExecutorService THREADS = Executors.newCachedThreadPool(Execution::newThread);

        /**
         * The batch's threads: daemon, and with the plugin's class loader as context class loader, never the one of the
         * CPS VM thread that created the first of them (the script's loader: it would be kept alive and used to load).
         */
        static Thread newThread(Runnable r) {
            Thread thread = new Thread(r, "cody-batch-step");
            thread.setDaemon(true);
            thread.setContextClassLoader(CodyBatchStep.class.getClassLoader());
            return thread;
        }

        private final BatchOptions options;
        private final transient Supplier<CodyBatchRunner> runner;
        private transient volatile Future<?> task;
        /** The background thread has ended the step (a cancelled Future is "done" at once, while it still records). */
        private transient volatile boolean over;

        Execution(StepContext context, BatchOptions options, Supplier<CodyBatchRunner> runner) {
            super(context);
            this.options = options;
            this.runner = runner;
        }

        @Override
        public boolean start() throws Exception {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            FilePath workspace = context.get(FilePath.class);
            EnvVars env = context.get(EnvVars.class);
            Launcher launcher = context.get(Launcher.class);
            Authentication authentication = Jenkins.getAuthentication2(); // the build's, as the node step takes it
            task = THREADS.submit(() -> {
                try (ACLContext ignored = ACL.as2(authentication)) {
                    BatchReport report = runner.get().run(options, run, workspace, env, launcher, listener,
                            authentication);
                    markStep(context, report);
                    context.onSuccess(report.toScriptMap());
                } catch (Throwable t) {
                    context.onFailure(t);
                } finally {
                    over = true;
                }
            });
            return false;
        }

        /** Interrupts the batch; the background thread ends the step once the batch has recorded where it stands. */
        @Override
        public void stop(Throwable cause) throws Exception {
            Future<?> running = task;
            if (running == null || over || running.isCancelled()) { // a second stop: end the step now
                super.stop(cause);
            } else {
                running.cancel(true);
            }
        }

        /** A batch in progress cannot survive a restart: a safe restart waits for it. */
        @Override
        public boolean blocksRestart() {
            return task != null && !over;
        }

        /** A batch that made the build worse marks its step too (stage views show it in yellow or red). */
        static void markStep(StepContext context, BatchReport report) throws IOException, InterruptedException {
            if (!report.result().isWorseThan(Result.SUCCESS)) {
                return;
            }
            FlowNode node = context.get(FlowNode.class);
            if (node != null) {
                node.addOrReplaceAction(new WarningAction(report.result()).withMessage(report.summary().count(
                        RepoStatus.FAILED) + " of " + report.summary().total() + " repositories failed"));
            }
        }

        /** The batch did not survive the restart: its page is made final (what had not ended is FAILED), the step fails. */
        @Override
        public void onResume() {
            try {
                for (CodyBatchAction action : getContext().get(Run.class).getActions(CodyBatchAction.class)) {
                    action.interruptedByRestart();
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // the step still fails below; the page is made final when the build is next loaded
            }
            getContext().onFailure(new hudson.AbortException("Jenkins restarted while Cody Batch was running; the"
                    + " repositories that had not finished are recorded as failed on the build's Cody Batch page."
                    + " Run them again with \"Retry failed repositories\" there, or with retryFailedFrom."));
        }

        @Override
        public String getStatus() {
            return task == null ? "not started" : over ? "finished" : "working on repositories";
        }
    }

    @Extension
    @Symbol("codyBatch")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "codyBatch";
        }

        @Override
        public String getDisplayName() {
            return "Run Cody Batch over many repositories";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class, Launcher.class);
        }

        /** The list options, shown as one value per line in the snippet generator (config.jelly). */
        static final Map<String, BiConsumer<CodyBatchStep, List<String>>> LIST_FIELDS = Map.of(
                "repositories", CodyBatchStep::setRepositories, "labels", CodyBatchStep::setLabels,
                "reviewers", CodyBatchStep::setReviewers, "assignees", CodyBatchStep::setAssignees,
                "allowedRepositories", CodyBatchStep::setAllowedRepositories);

        /**
         * The snippet generator posts the list fields as textarea text. Stapler would have to turn that text into
         * the setters' List&lt;String&gt;; instead the text is taken out of the form, the rest is bound as usual,
         * and the lines are set here (the same split as the freestyle form: lines or commas, blanks dropped).
         */
        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            return bindWithListFields(formData, rest -> super.newInstance(req, rest));
        }

        /** Stapler's binding of the other fields (a test passes its own). */
        interface Binder {
            Step bind(JSONObject formData) throws FormException;
        }

        static Step bindWithListFields(JSONObject formData, Binder bindTheRest) throws FormException {
            Map<String, String> texts = new LinkedHashMap<>();
            for (String field : LIST_FIELDS.keySet()) {
                if (formData.opt(field) instanceof String text) {
                    texts.put(field, text);
                    formData.remove(field);
                }
            }
            Step step = bindTheRest.bind(formData);
            if (step instanceof CodyBatchStep codyBatch) {
                texts.forEach((field, text) -> LIST_FIELDS.get(field).accept(codyBatch, BatchOptions.lines(text)));
            }
            return step;
        }

        /**
         * For config.jelly: a list option as one value per line. It starts with a line break so that it is never
         * empty: f:textarea falls back to the property itself (the List, shown as "[]") when its value is empty.
         * Blank lines are dropped when the form is read back.
         */
        public String joinLines(List<String> values) {
            return "\n" + (values == null ? "" : BatchOptions.joinLines(values));
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
