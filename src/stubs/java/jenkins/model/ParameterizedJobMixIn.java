package jenkins.model;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Queue;

public abstract class ParameterizedJobMixIn {
    private ParameterizedJobMixIn() {}

    public static Queue.Item scheduleBuild2(Job<?, ?> job, int quietPeriod, Action... actions) {
        throw new UnsupportedOperationException("stub");
    }
}
