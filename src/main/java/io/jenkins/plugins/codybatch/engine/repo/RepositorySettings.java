package io.jenkins.plugins.codybatch.engine.repo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@link GitRepositoryService} clones and publishes.
 *
 * @param branchPrefix      branch of a job is branchPrefix + job slug, e.g. cody-batch/update-junit
 * @param authorName        commit author and committer
 * @param skipCi            add [skip ci] to the commit message
 * @param baseBranch        branch to clone and open pull requests against; null uses each repository's default branch
 * @param forkMode          push to a fork and open the pull request from it (off by default)
 * @param forkOrganization  organization to fork into; null forks into the token user's account
 * @param mirrorCache       folder of bare mirrors that clones are made from (nightly runs), or null
 * @param minPullRequestInterval least time between two pull request creations
 */
public record RepositorySettings(
        String branchPrefix,
        String authorName,
        String authorEmail,
        boolean skipCi,
        String baseBranch,
        boolean forkMode,
        String forkOrganization,
        Path mirrorCache,
        Duration minPullRequestInterval) {

    public static RepositorySettings defaults() {
        return new RepositorySettings("cody-batch/", "Cody Batch", "cody-batch@users.noreply.github.com", false, null,
                false, null, null, Duration.ofSeconds(1));
    }

    public RepositorySettings withSkipCi(boolean value) {
        return new RepositorySettings(branchPrefix, authorName, authorEmail, value, baseBranch, forkMode,
                forkOrganization, mirrorCache, minPullRequestInterval);
    }

    public RepositorySettings withBaseBranch(String value) {
        return new RepositorySettings(branchPrefix, authorName, authorEmail, skipCi, value, forkMode,
                forkOrganization, mirrorCache, minPullRequestInterval);
    }

    public RepositorySettings withAuthor(String name, String email) {
        return new RepositorySettings(branchPrefix, name, email, skipCi, baseBranch, forkMode,
                forkOrganization, mirrorCache, minPullRequestInterval);
    }

    public RepositorySettings withBranchPrefix(String value) {
        return new RepositorySettings(value, authorName, authorEmail, skipCi, baseBranch, forkMode,
                forkOrganization, mirrorCache, minPullRequestInterval);
    }

    public RepositorySettings withForkMode(boolean value, String organization) {
        return new RepositorySettings(branchPrefix, authorName, authorEmail, skipCi, baseBranch, value,
                organization, mirrorCache, minPullRequestInterval);
    }

    public RepositorySettings withMirrorCache(Path value) {
        return new RepositorySettings(branchPrefix, authorName, authorEmail, skipCi, baseBranch, forkMode,
                forkOrganization, value, minPullRequestInterval);
    }

    public RepositorySettings withMinPullRequestInterval(Duration value) {
        return new RepositorySettings(branchPrefix, authorName, authorEmail, skipCi, baseBranch, forkMode,
                forkOrganization, mirrorCache, value);
    }
}
