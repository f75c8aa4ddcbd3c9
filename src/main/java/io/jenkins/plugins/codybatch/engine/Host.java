package io.jenkins.plugins.codybatch.engine;

import java.util.Map;

/**
 * Where the engine runs, so that its messages name what the user can change there: CLI flags on the command line,
 * step options in Jenkins.
 */
public enum Host {
    CLI,
    JENKINS;

    /** CLI flags whose names are not the step option's in kebab case. */
    private static final Map<String, String> CLI_FLAGS = Map.of(
            "repositories", "--repo",
            "parallelism", "--parallel",
            "createPullRequests", "--create-prs",
            "allowedRepositories", "--allowed-repos",
            "retryFailedFrom", "--retry-failed",
            "anthropicApiBaseUrl", "--api-url",
            "gitHubApiUrl", "--github-api-url");

    /** @param stepOption the option's name in the codyBatch step, e.g. {@code maxIterations} */
    public String option(String stepOption) {
        if (this == JENKINS) {
            return stepOption;
        }
        String flag = CLI_FLAGS.get(stepOption);
        return flag != null ? flag : "--" + stepOption.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** How the user runs the failed and unstarted repositories again. */
    public String retryHint() {
        return this == CLI ? "run again with --retry-failed to work on it"
                : "use \"Retry failed repositories\" on the build page (or retryFailedFrom) to work on it";
    }
}
