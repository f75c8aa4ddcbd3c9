package io.jenkins.plugins.codybatch.jenkins;

import hudson.model.InvisibleAction;

/**
 * Put on a build scheduled by "Retry failed repositories": the batch of that build runs only the
 * repositories that FAILED in build {@code fromBuild}, as if {@code retryFailedFrom} had been given.
 */
public class RetryRequest extends InvisibleAction {

    private final int fromBuild;

    public RetryRequest(int fromBuild) {
        this.fromBuild = fromBuild;
    }

    public int getFromBuild() {
        return fromBuild;
    }
}
