package io.jenkins.plugins.codybatch.jenkins;

import hudson.model.InvisibleAction;
import hudson.model.Queue;
import java.util.List;

/**
 * Put on a build scheduled by "Retry failed repositories": each codyBatch step of that build runs only the
 * repositories that FAILED in its own batch (the same page) of build {@code fromBuild}, as if {@code retryFailedFrom}
 * had been given; a step whose batch had no failure does nothing. A queue action, so that retries of two different
 * builds are not folded into one queued build.
 */
public class RetryRequest extends InvisibleAction implements Queue.QueueAction {

    private final int fromBuild;

    public RetryRequest(int fromBuild) {
        this.fromBuild = fromBuild;
    }

    public int getFromBuild() {
        return fromBuild;
    }

    /** A queued build for another retry (or a plain build) is not the same request. */
    @Override
    public boolean shouldSchedule(List<hudson.model.Action> actions) {
        return actions.stream().noneMatch(a -> a instanceof RetryRequest other && other.fromBuild == fromBuild);
    }
}
