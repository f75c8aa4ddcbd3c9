package io.jenkins.plugins.codybatch.engine.repo;

import java.util.List;

/**
 * What to put in a pull request.
 *
 * @param jobName  names the branch (cody-batch/<job-slug> unless {@code branch} is set) and the title
 * @param summary  the model's own summary of the change
 * @param body     extra lines for the body (usage, cost, build link), already formatted
 * @param buildUrl link back to the build, or null
 */
public record PullRequestRequest(
        String jobName,
        String branch,
        String summary,
        String body,
        String buildUrl,
        boolean draft,
        List<String> labels,
        List<String> reviewers,
        List<String> assignees) {}
