package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.agent.Agent;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.AgentTask;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.agent.Transcript;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.repo.Checkout;
import io.jenkins.plugins.codybatch.engine.repo.Patch;
import io.jenkins.plugins.codybatch.engine.repo.PullRequestRequest;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryNotAllowedException;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryRef;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryService;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import io.jenkins.plugins.codybatch.engine.verify.CheckRunner;
import io.jenkins.plugins.codybatch.engine.verify.RepositoryCheck;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one way a repository is worked: allowlist, resolve, clone, tool loop (with the job's verify command, if
 * any), patch, pull request, result.json.
 * A problem of the repository (or a bug in a part) becomes a FAILED result; only cancellation escapes, as
 * {@link InterruptedException}, after result.json records what exists.
 */
public final class DefaultRepositoryProcessor implements RepositoryProcessor {

    private final Agent agent;
    private final RepositoryService repositories;
    private final AllowlistCheck allowlist;
    private final Clock clock;
    private final CheckRunner checks;
    private final SharedSpend jobSpend;

    /** A processor outside any job budget. */
    public DefaultRepositoryProcessor(Agent agent, RepositoryService repositories, AllowlistCheck allowlist, Clock clock,
            CheckRunner checks) {
        this(agent, repositories, allowlist, clock, checks, SharedSpend.NONE);
    }

    /**
     * @param checks   runs the job's verify command, with the secrets of the run kept out of it
     * @param jobSpend what this processor's conversations spend together, against the job's budget
     */
    public DefaultRepositoryProcessor(Agent agent, RepositoryService repositories, AllowlistCheck allowlist, Clock clock,
            CheckRunner checks, SharedSpend jobSpend) {
        this.jobSpend = Objects.requireNonNull(jobSpend);
        this.agent = Objects.requireNonNull(agent);
        this.repositories = Objects.requireNonNull(repositories);
        this.allowlist = Objects.requireNonNull(allowlist);
        this.clock = Objects.requireNonNull(clock);
        this.checks = Objects.requireNonNull(checks);
    }

    /** A processor for runs that hold no secret (tests, benchmarks): verify commands get this process's environment. */
    public DefaultRepositoryProcessor(Agent agent, RepositoryService repositories, AllowlistCheck allowlist, Clock clock) {
        this(agent, repositories, allowlist, clock, new CheckRunner(Map.of(), new Redactor(List.of())));
    }

    @Override
    public RepoResult process(BatchJob job, String spec, Path workDir, Path repoOutputDir) throws InterruptedException {
        Attempt attempt = new Attempt(spec, clock.millis());
        RepoResult result;
        try {
            Files.createDirectories(repoOutputDir);
            result = work(job, spec, workDir, repoOutputDir, attempt);
        } catch (InterruptedException e) {
            // the conversation was cut off before it could report what it spent; its transcript knows
            AgentOutcome.Spend spent = Transcript.spent(repoOutputDir.resolve(ResultFiles.TRANSCRIPT));
            attempt.record(spent);
            writeQuietly(repoOutputDir, attempt.end(RepoStatus.FAILED, "cancelled while " + attempt.stage));
            throw e;
        } catch (RepositoryNotAllowedException e) {
            result = attempt.end(RepoStatus.SKIPPED, e.getMessage());
        } catch (RepositoryException e) {
            result = attempt.end(RepoStatus.FAILED, e.getMessage());
        } catch (IOException e) {
            result = attempt.end(RepoStatus.FAILED, "could not write the results while " + attempt.stage + " ("
                    + e.getMessage() + "); check free space and permissions of the output folder");
        } catch (RuntimeException e) {
            result = attempt.end(RepoStatus.FAILED, "internal error while " + attempt.stage + ": " + e
                    + "; the other repositories are not affected, please report this");
        }
        writeQuietly(repoOutputDir, result);
        return result;
    }

    private RepoResult work(BatchJob job, String spec, Path workDir, Path out, Attempt attempt)
            throws RepositoryException, IOException, InterruptedException {
        attempt.stage = "checking the allowlist";
        if (ResultFiles.isOwnerName(spec)) {
            String refusal = allowlist.refusal(spec);
            if (refusal != null) {
                return attempt.end(RepoStatus.SKIPPED, refusal);
            }
        }
        attempt.stage = "resolving the repository";
        RepositoryRef ref = repositories.resolve(spec);
        attempt.name = ref.name();
        String slug = ref.gitHubSlug() != null ? ref.gitHubSlug() : ref.name();
        if (!slug.equals(spec)) {
            String refusal = allowlist.refusal(slug);
            if (refusal != null) {
                return attempt.end(RepoStatus.SKIPPED, refusal);
            }
        }

        attempt.stage = "cloning";
        Checkout checkout = repositories.checkout(ref, workDir);

        attempt.stage = "running the agent";
        RepositoryCheck check = job.verifies() ? new RepositoryCheck(job.verify(), checks, checkout.directory(),
                () -> !repositories.patch(checkout).isEmpty()) : null;
        AgentOutcome outcome = agent.run(new AgentTask(ref.name(), checkout.directory(), job.prompt(), job.type(),
                job.limits(), out.resolve(ResultFiles.TRANSCRIPT), check, jobSpend));
        if (outcome == null) {
            throw new IllegalStateException("the agent returned no outcome");
        }
        attempt.record(outcome);
        attempt.verification = check == null ? null : check.result(outcome.repairs());

        attempt.stage = "writing results";
        if (job.type() == JobType.ANALYSIS) {
            boolean answered = outcome.finalText() != null && !outcome.finalText().isBlank();
            if (answered) {
                ResultFiles.writeString(out.resolve(ResultFiles.REPORT), outcome.finalText());
            }
            if (outcome.ending() != AgentOutcome.Ending.DONE) {
                return attempt.end(RepoStatus.FAILED, reason(outcome, false));
            }
            return answered ? attempt.end(RepoStatus.COMPLETED, null)
                    : attempt.end(RepoStatus.FAILED, "The model ended without an answer. Ask for the answer"
                            + " explicitly in the prompt.");
        }

        attempt.stage = "computing the patch";
        Patch patch = repositories.patch(checkout);
        attempt.filesChanged = patch.filesChanged();
        if (!patch.isEmpty()) {
            // Kept whatever the ending: after a budget stop it is the work so far.
            ResultFiles.writeString(out.resolve(ResultFiles.PATCH), patch.diff());
        }
        if (outcome.ending() != AgentOutcome.Ending.DONE) {
            return attempt.end(RepoStatus.FAILED, reason(outcome, !patch.isEmpty()));
        }
        if (patch.isEmpty()) {
            return job.createPullRequests() ? endWithoutChange(job, ref, outcome, attempt)
                    : attempt.end(RepoStatus.NO_CHANGES, null);
        }
        if (check != null && !check.ran()) {
            // an agent that did not call the check at the end of its turn: the change is still checked once
            attempt.stage = "verifying the change";
            check.check();
            attempt.verification = check.result(outcome.repairs());
        }
        boolean failedCheck = check != null && !check.passed();
        String failure = failedCheck ? check.failure() : null;
        if (!job.createPullRequests() || (failedCheck && !job.verify().draftOnFailure())) {
            return failedCheck
                    ? attempt.end(RepoStatus.FAILED, failure + " The change is in patch.diff; no pull request was opened.")
                    : attempt.end(RepoStatus.COMPLETED, null);
        }
        boolean viaFork = job.pullRequests().fork() && ref.gitHubSlug() != null;
        if (!ref.canPush() && !viaFork) {
            String why = ref.gitHubSlug() == null
                    ? ref.name() + " is not a GitHub repository"
                    : "the GitHub token may not push to " + ref.gitHubSlug();
            return attempt.end(failedCheck ? RepoStatus.FAILED : RepoStatus.COMPLETED, (failedCheck ? failure + " " : "")
                    + "No pull request: " + why
                    + ". The change is in patch.diff; apply it with git apply, or use a token with write access.");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        attempt.stage = "opening the pull request";
        attempt.pullRequest = repositories.publish(checkout, patch, pullRequest(job, outcome, attempt.verification));
        return failedCheck
                ? attempt.end(RepoStatus.FAILED, failure + " The change is in a draft pull request labelled '"
                        + VerifyOptions.FAILED_LABEL + "': " + attempt.pullRequest.url())
                : attempt.end(RepoStatus.COMPLETED, null);
    }

    /**
     * Nothing to push, but the job's pull request may exist (merged, closed, or open with a change no longer
     * needed): its state goes into the result so the campaign's counts stay true. Not finding it is only a note.
     */
    private RepoResult endWithoutChange(BatchJob job, RepositoryRef ref, AgentOutcome outcome,
            Attempt attempt) {
        attempt.stage = "reading the pull request";
        try {
            attempt.pullRequest = repositories.pullRequest(ref, pullRequest(job, outcome, null));
            return attempt.end(RepoStatus.NO_CHANGES, null);
        } catch (RepositoryException e) {
            return attempt.end(RepoStatus.NO_CHANGES, "The state of the job's pull request could not be read: "
                    + e.getMessage());
        }
    }

    /**
     * The body lines only this layer knows (the check, usage, cost); the service adds summary, files, prompt, build,
     * how to re-run. A change whose check failed goes out only as a draft, labelled so (verifyDraftOnFailure).
     */
    private static PullRequestRequest pullRequest(BatchJob job, AgentOutcome outcome, Verification verification) {
        PullRequestOptions options = job.pullRequests();
        boolean failedCheck = verification != null && !verification.passed();
        StringBuilder body = new StringBuilder();
        if (verification != null) {
            body.append("Verification: `").append(verification.command()).append("` ")
                    .append(verification.passed() ? "passed" : "FAILED")
                    .append(verification.exitCode() != null ? " (exit code " + verification.exitCode() + ")"
                            : verification.timedOut() ? " (timed out)" : "")
                    .append(" after ").append(verification.attempts())
                    .append(verification.attempts() == 1 ? " run" : " runs").append('\n');
        }
        Usage usage = outcome.usage() == null ? Usage.ZERO : outcome.usage();
        body.append(String.format(Locale.ROOT, "Model usage: %,d tokens (%,d input, %,d output, %,d cache write, %,d"
                        + " cache read), $%.4f", usage.totalTokens(), usage.inputTokens(), usage.outputTokens(),
                usage.cacheCreationInputTokens(), usage.cacheReadInputTokens(), outcome.cost()));
        List<String> labels = new ArrayList<>(options.labels());
        if (failedCheck) {
            labels.add(VerifyOptions.FAILED_LABEL);
        }
        return new PullRequestRequest(job.name(), options.branch(), outcome.finalText(), body.toString(),
                options.buildUrl(), options.draft() || failedCheck, labels, options.reviewers(), options.assignees(),
                options.recreateClosedPullRequests(), job.prompt());
    }

    /** @param keptPatch whether patch.diff holds the work so far */
    private static String reason(AgentOutcome outcome, boolean keptPatch) {
        String detail = outcome.error() == null || outcome.error().isBlank() ? null : outcome.error();
        return switch (outcome.ending()) {
            case BUDGET_EXHAUSTED -> "Budget exhausted: " + (detail != null ? detail : "a limit stopped the model")
                    + (keptPatch ? ". The work so far is in patch.diff." : ". Nothing was changed yet.");
            case REFUSED -> "The model refused" + (detail != null ? ": " + detail : ".");
            case FAILED -> detail != null ? detail : "The agent failed without saying why.";
            case DONE -> null;
        };
    }

    private static void writeQuietly(Path out, RepoResult result) {
        try {
            ResultFiles.writeResult(out, result);
        } catch (IOException e) {
            // The caller still gets the result; the batch runner reports it in summary.json.
        }
    }

    /** What is known about the repository so far, so a failure late in the run still records usage and cost. */
    private final class Attempt {
        final long startMillis;
        String name;
        String stage = "starting";
        int iterations;
        Usage usage = Usage.ZERO;
        double cost;
        List<String> filesChanged = List.of();
        PullRequestRef pullRequest;
        String summary;
        String batchError;
        Verification verification;

        Attempt(String spec, long startMillis) {
            this.name = spec;
            this.startMillis = startMillis;
        }

        void record(AgentOutcome.Spend spent) {
            iterations = spent.iterations();
            usage = spent.usage();
            cost = spent.cost();
        }

        void record(AgentOutcome outcome) {
            batchError = outcome.batchError();
            iterations = outcome.iterations();
            usage = outcome.usage() == null ? Usage.ZERO : outcome.usage();
            cost = outcome.cost();
            summary = outcome.finalText() == null || outcome.finalText().isBlank() ? null : outcome.finalText();
        }

        RepoResult end(RepoStatus status, String error) {
            return new RepoResult(name, status, error, iterations, usage, cost, filesChanged, pullRequest, summary,
                    Math.max(0, clock.millis() - startMillis), verification,
                    status == RepoStatus.FAILED ? batchError : null, null, null);
        }
    }
}
