package io.jenkins.plugins.codybatch.engine.results;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The pull requests of a batch after the run, counted by the state GitHub reported, and the open ones that are
 * stuck. Meant for summary.json's {@code pull_request_states} and the campaign view across builds.
 *
 * @param open     open pull requests (drafts included)
 * @param draft    open drafts
 * @param merged   merged pull requests (reported by the run that found them merged)
 * @param closed   closed without merging
 * @param kept     left as they were because their branch holds commits by others
 * @param stuck    open pull requests with something keeping them from being merged, in the order given
 */
public record PullRequestTotals(
        int open,
        int draft,
        int merged,
        int closed,
        int approved,
        int changesRequested,
        int failingChecks,
        int conflicts,
        int kept,
        List<Stuck> stuck)
        implements Serializable {

    /** An open pull request and what blocks it: "failing checks", "changes requested", "conflicts". */
    public record Stuck(String repository, String url, int number, List<String> blockers) implements Serializable {}

    public PullRequestTotals {
        stuck = stuck == null ? List.of() : List.copyOf(stuck);
    }

    /** Totals over the results (null entries and results without a pull request are left out). */
    public static PullRequestTotals of(Collection<RepoResult> results) {
        int open = 0, draft = 0, merged = 0, closed = 0, approved = 0, changesRequested = 0, failing = 0, conflicts = 0,
                kept = 0;
        List<Stuck> stuck = new ArrayList<>();
        for (RepoResult result : results) {
            PullRequestRef pr = result == null ? null : result.pullRequest();
            if (pr == null) {
                continue;
            }
            kept += PullRequestRef.KEPT.equals(pr.action()) ? 1 : 0;
            if (PullRequestRef.MERGED.equals(pr.state())) {
                merged++;
            } else if (PullRequestRef.CLOSED.equals(pr.state())) {
                closed++;
            } else if (PullRequestRef.OPEN.equals(pr.state())) {
                open++;
                draft += Boolean.TRUE.equals(pr.draft()) ? 1 : 0;
                approved += "approved".equals(pr.reviewDecision()) ? 1 : 0;
                changesRequested += "changes_requested".equals(pr.reviewDecision()) ? 1 : 0;
                failing += "failure".equals(pr.checks()) ? 1 : 0;
                conflicts += Boolean.FALSE.equals(pr.mergeable()) ? 1 : 0;
                List<String> blockers = pr.blockers();
                if (!blockers.isEmpty()) {
                    stuck.add(new Stuck(result.repository(), pr.url(), pr.number(), blockers));
                }
            }
        }
        return new PullRequestTotals(open, draft, merged, closed, approved, changesRequested, failing, conflicts, kept,
                stuck);
    }
}
