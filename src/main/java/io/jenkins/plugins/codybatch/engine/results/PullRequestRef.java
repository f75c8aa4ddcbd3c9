package io.jenkins.plugins.codybatch.engine.results;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's pull request in one repository: what this run did to it and the state GitHub reported after the run
 * (docs/results.md, docs/pull-requests.md).
 *
 * @param action         {@link #CREATED}, {@link #UPDATED}, {@link #UNCHANGED}, {@link #KEPT} or {@link #LEFT_CLOSED}
 * @param warning        what went wrong around the pull request without failing the repository (labels, assignees
 *                       or reviewers refused; its state could not be read); null when nothing did
 * @param reason         why the pull request was not brought up to date (actions kept and left-closed); null otherwise
 * @param state          {@code open}, {@code closed} (without merging) or {@code merged}; null when not read
 * @param draft          whether it is a draft; null when not read
 * @param reviewDecision open pull requests: {@code approved}, {@code changes_requested} or {@code none}
 * @param checks         open pull requests: combined commit statuses and check runs of the head commit,
 *                       {@code success}, {@code failure}, {@code pending} or {@code none}
 * @param mergeable      open pull requests: false when it conflicts with its base; null while GitHub computes it
 */
public record PullRequestRef(
        String url,
        int number,
        String action,
        String warning,
        String reason,
        String state,
        Boolean draft,
        String reviewDecision,
        String checks,
        Boolean mergeable)
        implements Serializable {

    /** A new pull request was opened. */
    public static final String CREATED = "created";
    /** The branch was rebuilt with the new change and the open pull request's title and body updated. */
    public static final String UPDATED = "updated";
    /** The branch already held this change: nothing was pushed. */
    public static final String UNCHANGED = "unchanged";
    /** The branch holds commits Cody Batch did not make: nothing was pushed, the change is only in patch.diff. */
    public static final String KEPT = "kept";
    /** A person closed the pull request without merging: it stays closed and no new one is opened. */
    public static final String LEFT_CLOSED = "left-closed";

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
    public static final String MERGED = "merged";

    public PullRequestRef(String url, int number, String action) {
        this(url, number, action, null);
    }

    public PullRequestRef(String url, int number, String action, String warning) {
        this(url, number, action, warning, null, null, null, null, null, null);
    }

    /**
     * What keeps an open pull request from being merged: "failing checks", "changes requested", "conflicts".
     * Empty when nothing does, or when it is not open.
     */
    public List<String> blockers() {
        List<String> blockers = new ArrayList<>();
        if (!OPEN.equals(state)) {
            return blockers;
        }
        if ("failure".equals(checks)) {
            blockers.add("failing checks");
        }
        if ("changes_requested".equals(reviewDecision)) {
            blockers.add("changes requested");
        }
        if (Boolean.FALSE.equals(mergeable)) {
            blockers.add("conflicts");
        }
        return blockers;
    }
}
