package io.jenkins.plugins.codybatch.engine.repo;

import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHCommitStatus;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestReview;
import org.kohsuke.github.GHPullRequestReviewState;
import org.kohsuke.github.GHRepository;

/**
 * Reads a pull request's state back from GitHub after the run: open, closed or merged, draft, and for an open one
 * the review decision, the combined checks of its head commit and whether it conflicts. REST has no review decision
 * or combined check state that covers both commit statuses and check runs, so both are derived here the way GitHub's
 * pull request page shows them. A read that fails does not fail the repository: it becomes the warning.
 */
final class PullRequestStates {

    private final GitHubClient gitHub;

    PullRequestStates(GitHubClient gitHub) {
        this.gitHub = gitHub;
    }

    PullRequestRef read(GHRepository upstream, GHPullRequest pr, String action, String reason, String warning) {
        String url = pr.getHtmlUrl().toString();
        String state = null;
        Boolean draft = null;
        String review = null;
        String checks = null;
        Boolean mergeable = null;
        try {
            // The first call loads the whole pull request (GET /pulls/N) when only a list entry is at hand.
            state = pr.isMerged() ? PullRequestRef.MERGED
                    : pr.getState() == GHIssueState.CLOSED ? PullRequestRef.CLOSED : PullRequestRef.OPEN;
            draft = pr.isDraft();
            if (state.equals(PullRequestRef.OPEN)) {
                review = reviewDecision(pr.listReviews().toList());
                String head = pr.getHead().getSha();
                checks = checks(upstream.listCommitStatuses(head).toList(), upstream.getCheckRuns(head).toList());
                mergeable = pr.getMergeable();
            }
        } catch (IOException | RuntimeException e) {
            String problem = gitHub.failure(e, "reading the state of pull request " + url).getMessage();
            warning = warning == null ? problem : warning + " " + problem;
        }
        return new PullRequestRef(url, pr.getNumber(), action, warning, reason, state, draft, review, checks, mergeable);
    }

    /** Each reviewer's latest approving, change-requesting or dismissed review counts; comments do not. */
    static String reviewDecision(List<GHPullRequestReview> reviews) {
        Map<String, GHPullRequestReviewState> latest = new LinkedHashMap<>();
        for (GHPullRequestReview review : reviews) { // GitHub lists them oldest first
            GHPullRequestReviewState state = review.getState();
            if (state == GHPullRequestReviewState.APPROVED || state == GHPullRequestReviewState.CHANGES_REQUESTED
                    || state == GHPullRequestReviewState.REQUEST_CHANGES || state == GHPullRequestReviewState.DISMISSED) {
                latest.put(login(review), state);
            }
        }
        if (latest.containsValue(GHPullRequestReviewState.CHANGES_REQUESTED)
                || latest.containsValue(GHPullRequestReviewState.REQUEST_CHANGES)) {
            return "changes_requested";
        }
        return latest.containsValue(GHPullRequestReviewState.APPROVED) ? "approved" : "none";
    }

    private static String login(GHPullRequestReview review) {
        try {
            return review.getUser() == null ? "" : review.getUser().getLogin();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Commit statuses (the newest of each context counts; GitHub lists the newest first) and check runs together:
     * failure if any failed, else pending if any is not finished, else success; none when there are neither.
     */
    static String checks(List<GHCommitStatus> statuses, List<GHCheckRun> runs) {
        boolean failed = false;
        boolean pending = false;
        Set<String> seen = new HashSet<>();
        for (GHCommitStatus status : statuses) {
            if (seen.add(status.getContext())) {
                failed |= status.getState() == GHCommitState.FAILURE || status.getState() == GHCommitState.ERROR;
                pending |= status.getState() == GHCommitState.PENDING;
            }
        }
        for (GHCheckRun run : runs) {
            if (run.getStatus() != GHCheckRun.Status.COMPLETED) {
                pending = true;
            } else if (run.getConclusion() != null) {
                switch (run.getConclusion()) {
                    case SUCCESS, NEUTRAL, SKIPPED -> { }
                    default -> failed = true; // failure, cancelled, timed_out, action_required, stale, ...
                }
            }
        }
        if (failed) {
            return "failure";
        }
        if (pending) {
            return "pending";
        }
        return statuses.isEmpty() && runs.isEmpty() ? "none" : "success";
    }
}
