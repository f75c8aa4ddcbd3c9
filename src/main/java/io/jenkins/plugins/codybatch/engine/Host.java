package io.jenkins.plugins.codybatch.engine;

/**
 * Where the engine runs, so that its messages name what the user can change there: CLI flags on the command line,
 * step options in Jenkins (both from the one registry, {@link io.jenkins.plugins.codybatch.engine.options.JobOption}).
 */
public enum Host {
    CLI,
    JENKINS
}
