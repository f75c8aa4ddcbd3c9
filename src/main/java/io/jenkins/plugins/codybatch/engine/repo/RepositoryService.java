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
     * Commits the change on the job's branch, pushes, and opens the pull request or updates the open one.
     * Callers ask only when {@link RepositoryRef#canPush()} and the patch is not empty.
     */
    PullRequestRef publish(Checkout checkout, Patch patch, PullRequestRequest request) throws RepositoryException;
}
