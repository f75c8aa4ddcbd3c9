package io.jenkins.plugins.codybatch.jenkins;

import hudson.model.InvisibleAction;
import hudson.model.Queue;
import java.util.List;

/**
 * Put on a build scheduled by "Retry failed repositories": its batch runs only the repositories that FAILED in
 * build {@code fromBuild} (in the batch of that build's page {@code page}), as if {@code retryFailedFrom} had been
 * given. A queue action, so that two clicks for different builds are not folded into one queued build.
 */
public class RetryRequest extends InvisibleAction implements Queue.QueueAction {

    private final int fromBuild;
    private final String page;

    public RetryRequest(int fromBuild, String page) {
        this.fromBuild = fromBuild;
        this.page = page;
    }

    public int getFromBuild() {
        return fromBuild;
    }

    /** The URL name of the batch's page on that build; null for builds scheduled before pages were numbered. */
    public String getPage() {
        return page;
    }

    /** A queued build for another retry (or a plain build) is not the same request. */
    @Override
    public boolean shouldSchedule(List<hudson.model.Action> actions) {
        return actions.stream().noneMatch(a -> a instanceof RetryRequest other
                && other.fromBuild == fromBuild && java.util.Objects.equals(other.page, page));
    }
}
