package io.jenkins.plugins.codybatch.engine.repo;

import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import java.nio.file.Path;

/** Everything the batch runner needs from git and GitHub for one repository. */
public interface RepositoryService {

    /** Resolves owner/name (through the GitHub API), a local path or a git URL. */
    RepositoryRef resolve(String spec) throws RepositoryException;

    /** Shallow-clones the base branch into {@code directory} (which must not exist yet or be empty). */
    Checkout checkout(RepositoryRef repository, Path directory) throws RepositoryException;

    /** The full change of the checkout's working tree against its base commit. */
    Patch patch(Checkout checkout) throws RepositoryException;

    /**
     * Brings the job's pull request up to date with the change (docs/pull-requests.md): opens it, rebuilds and
     * updates it, or leaves it as a person left it; then reads its state back. Callers ask only when
     * {@link RepositoryRef#canPush()} and the patch is not empty.
     */
    PullRequestRef publish(Checkout checkout, Patch patch, PullRequestRequest request) throws RepositoryException;

    /**
     * The job's newest pull request in the repository with its state, for a run with nothing to publish (the last
     * one was merged, or the change is no longer needed); null when there is none or the repository is not on GitHub.
     */
    default PullRequestRef pullRequest(RepositoryRef repository, PullRequestRequest request) throws RepositoryException {
        return null;
    }
}
