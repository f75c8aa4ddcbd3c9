package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.options.JobOptions;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;

/**
 * Stops a batch from starting repositories once an error concerns all of them: at once when the API key (its
 * permissions, its credit, the model) is refused; after {@value #UNREACHABLE_IN_A_ROW} repositories in a row could
 * not reach the API; and when the job's budget is spent, counted from the finished repositories and from the live
 * spend of the conversations in this process (whichever is more). Says so once; the runner records the rest FAILED
 * with the reason, for a retry.
 */
final class BatchStopper {

    static final int UNREACHABLE_IN_A_ROW = 3;

    private final BatchProgress progress;
    private final ProgressListener listener;
    private final JobBudget budget;
    private final JobSpend live;
    private final Host host;
    private String reason;
    private String kind;
    private int unreachable;
    private long finishedTokens;
    private double finishedCost;

    /** @param live the spend of this process's conversations, or null when they run elsewhere */
    BatchStopper(BatchProgress progress, ProgressListener listener, JobBudget budget, JobSpend live, Host host) {
        this.progress = progress;
        this.listener = listener;
        this.budget = budget;
        this.live = live;
        this.host = host;
    }

    /** Why the batch stopped, or null; checks the live spend against the job's budget first. */
    String reason() {
        String spent;
        synchronized (this) {
            spent = reason == null ? budgetSpent() : null;
        }
        if (spent != null) {
            stop(spent, RepoResult.JOB_BUDGET_SPENT);
        }
        synchronized (this) {
            return reason;
        }
    }

    synchronized String kind() {
        return kind;
    }

    /** The error of a repository the batch did not start, and what to do about it. */
    synchronized String notStarted() {
        return RepoResult.JOB_BUDGET_SPENT.equals(kind)
                ? "Not started: " + reason + ". Raise the budget, then " + JobOptions.retryHint(host) + "."
                : "Not started: the batch stopped (" + reason + "). Fix that, then " + JobOptions.retryHint(host) + ".";
    }

    void observe(RepoResult result) {
        String why = null;
        String whyKind = null;
        synchronized (this) {
            finishedTokens += result.usage().totalTokens(); // this attempt's: a retry may spend the budget again
            finishedCost += result.cost();
            if (reason != null) {
                return;
            }
            String error = result.batchError();
            if (RepoResult.API_KEY_REFUSED.equals(error)) {
                why = result.error();
                whyKind = error;
            } else if (RepoResult.API_UNREACHABLE.equals(error)) {
                if (++unreachable >= UNREACHABLE_IN_A_ROW) {
                    why = UNREACHABLE_IN_A_ROW + " repositories in a row could not reach the Claude API; the last said: "
                            + result.error();
                    whyKind = error;
                }
            } else if (result.status() != RepoStatus.SKIPPED && error == null) {
                unreachable = 0;
            }
            if (why == null && budgetSpent() != null) {
                why = budgetSpent();
                whyKind = RepoResult.JOB_BUDGET_SPENT;
            }
        }
        if (why != null) {
            stop(why, whyKind);
        }
    }

    private void stop(String why, String whyKind) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            kind = whyKind;
        }
        progress.stopped(why);
        listener.batchStopped(why);
    }

    private String budgetSpent() {
        if (budget == null) {
            return null;
        }
        long tokens = live == null ? finishedTokens : Math.max(finishedTokens, live.tokens());
        double cost = live == null ? finishedCost : Math.max(finishedCost, live.cost());
        return budget.spentReason(tokens, cost, host);
    }
}
