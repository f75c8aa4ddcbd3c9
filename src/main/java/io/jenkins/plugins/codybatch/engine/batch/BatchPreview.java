package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryNotAllowedException;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryRef;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryService;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import java.util.ArrayList;
import java.util.List;

/**
 * What a batch would do, found without cloning or asking the model (a dry run): for each repository, in job order,
 * whether it would be worked, skipped by the allowlist or fail to resolve, and what it would deliver: a pull request
 * (pushed to the repository, or to a fork), only a patch (and why), or a report.
 */
public final class BatchPreview {

    public enum Verdict { WORK, SKIP, FAIL }

    public enum Delivery { PULL_REQUEST, FORK_PULL_REQUEST, PATCH, REPORT }

    /**
     * One repository of the plan (the dry run's JSON, docs/cli.md).
     *
     * @param repository owner/name or folder name, once resolved; null when it was not
     * @param baseBranch the branch it would start from, when known
     * @param delivery   what a worked repository would deliver; null when it would not be worked
     * @param note       for SKIP and FAIL: why; for a patch where a pull request was asked for: why not
     */
    public record Entry(String spec, String directory, Verdict verdict, String repository, String baseBranch,
            Delivery delivery, String note) {}

    private final RepositoryService repositories;
    private final AllowlistCheck allowlist;
    private final Host host;

    public BatchPreview(RepositoryService repositories, AllowlistCheck allowlist, Host host) {
        this.repositories = repositories;
        this.allowlist = allowlist;
        this.host = host;
    }

    /** @throws InterruptedException when cancelled between two repositories */
    public List<Entry> of(BatchJob job) throws InterruptedException {
        List<Entry> plan = new ArrayList<>();
        for (RepositoryEntry entry : RepositoryEntry.forSpecs(job.repositories())) {
            if (Thread.interrupted()) {
                throw new InterruptedException("the dry run was cancelled");
            }
            plan.add(one(job, entry.spec(), entry.directory()));
        }
        return plan;
    }

    private Entry one(BatchJob job, String spec, String directory) {
        String refusal = ResultFiles.isOwnerName(spec) ? allowlist.refusal(spec) : null;
        if (refusal != null) {
            return new Entry(spec, directory, Verdict.SKIP, spec, null, null, refusal);
        }
        RepositoryRef ref;
        try {
            ref = repositories.resolve(spec);
        } catch (RepositoryNotAllowedException e) {
            return new Entry(spec, directory, Verdict.SKIP, null, null, null, e.getMessage());
        } catch (RepositoryException e) {
            return new Entry(spec, directory, Verdict.FAIL, null, null, null, e.getMessage());
        } catch (RuntimeException e) {
            return new Entry(spec, directory, Verdict.FAIL, null, null, null, "internal error: " + e);
        }
        String slug = ref.gitHubSlug() != null ? ref.gitHubSlug() : ref.name();
        refusal = slug.equals(spec) ? null : allowlist.refusal(slug);
        if (refusal != null) {
            return new Entry(spec, directory, Verdict.SKIP, ref.name(), ref.baseBranch(), null, refusal);
        }
        if (job.type() == JobType.ANALYSIS) {
            return new Entry(spec, directory, Verdict.WORK, ref.name(), ref.baseBranch(), Delivery.REPORT, null);
        }
        if (!job.createPullRequests()) {
            return new Entry(spec, directory, Verdict.WORK, ref.name(), ref.baseBranch(), Delivery.PATCH, null);
        }
        Delivery delivery;
        String note = null;
        if (ref.gitHubSlug() == null) {
            delivery = Delivery.PATCH;
            note = ref.name() + " is not a GitHub repository, so no pull request can be opened";
        } else if (job.pullRequests().fork()) {
            delivery = Delivery.FORK_PULL_REQUEST;
            String into = job.pullRequests().forkOrganization();
            note = "pushed to a fork in " + (into == null ? "the token's account" : into);
        } else if (ref.canPush()) {
            delivery = Delivery.PULL_REQUEST;
        } else {
            delivery = Delivery.PATCH;
            note = "the GitHub token may not push to " + ref.gitHubSlug() + "; " + JobOption.FORK.nameIn(host)
                    + " would open the pull request from a fork";
        }
        return new Entry(spec, directory, Verdict.WORK, ref.name(), ref.baseBranch(), delivery, note);
    }
}
