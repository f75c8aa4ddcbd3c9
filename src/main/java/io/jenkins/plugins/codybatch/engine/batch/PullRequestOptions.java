package io.jenkins.plugins.codybatch.engine.batch;

import java.io.Serializable;
import java.util.List;

/**
 * Pull request settings of a batch.
 *
 * @param branch   branch to push to; null derives cody-batch/&lt;job-slug&gt; from the job name
 * @param baseBranch branch to open against; null uses the repository's default branch
 * @param skipCi   add [skip ci] to the commit message so a large batch does not start a CI storm
 * @param buildUrl link back to the build that made the change, or null
 * @param recreateClosedPullRequests open a new pull request where the job's last one was closed without merging
 *                 (by default a closed pull request stays closed and no new one is opened)
 * @param fork     push to a fork and open the pull request from it (for repositories the token may not push to)
 * @param forkOrganization organization to fork into; null forks into the token's account
 */
public record PullRequestOptions(
        String branch,
        String baseBranch,
        boolean draft,
        List<String> labels,
        List<String> reviewers,
        List<String> assignees,
        boolean skipCi,
        String buildUrl,
        boolean recreateClosedPullRequests,
        boolean fork,
        String forkOrganization)
        implements Serializable {

    public PullRequestOptions {
        labels = labels == null ? List.of() : List.copyOf(labels);
        reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
        assignees = assignees == null ? List.of() : List.copyOf(assignees);
    }

    /** Pushing to the repository itself. */
    public PullRequestOptions(String branch, String baseBranch, boolean draft, List<String> labels,
            List<String> reviewers, List<String> assignees, boolean skipCi, String buildUrl,
            boolean recreateClosedPullRequests) {
        this(branch, baseBranch, draft, labels, reviewers, assignees, skipCi, buildUrl, recreateClosedPullRequests,
                false, null);
    }

    /** For callers that do not offer recreateClosedPullRequests (yet): closed pull requests stay closed. */
    public PullRequestOptions(String branch, String baseBranch, boolean draft, List<String> labels,
            List<String> reviewers, List<String> assignees, boolean skipCi, String buildUrl) {
        this(branch, baseBranch, draft, labels, reviewers, assignees, skipCi, buildUrl, false);
    }

    public static PullRequestOptions defaults() {
        return new PullRequestOptions(null, null, false, List.of(), List.of(), List.of(), false, null, false, false,
                null);
    }

    public PullRequestOptions withRecreateClosedPullRequests(boolean value) {
        return new PullRequestOptions(branch, baseBranch, draft, labels, reviewers, assignees, skipCi, buildUrl, value,
                fork, forkOrganization);
    }
}
