package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;

/**
 * Stops a batch from starting repositories once an error concerns all of them: at once when the API key (its
 * permissions, its credit, the model) is refused; after {@value #UNREACHABLE_IN_A_ROW} repositories in a row could
 * not reach the API. Says so once; the runner records the rest FAILED with the reason, for a retry.
 */
final class BatchStopper {

    static final int UNREACHABLE_IN_A_ROW = 3;

    private final BatchProgress progress;
    private final ProgressListener listener;
    private String reason;
    private String kind;
    private int unreachable;

    BatchStopper(BatchProgress progress, ProgressListener listener) {
        this.progress = progress;
        this.listener = listener;
    }

    synchronized String reason() {
        return reason;
    }

    synchronized String kind() {
        return kind;
    }

    void observe(RepoResult result) {
        String why = null;
        String whyKind = null;
        synchronized (this) {
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
            if (why == null) {
                return;
            }
            reason = why;
            kind = whyKind;
        }
        progress.stopped(why);
        listener.batchStopped(why);
    }
}
