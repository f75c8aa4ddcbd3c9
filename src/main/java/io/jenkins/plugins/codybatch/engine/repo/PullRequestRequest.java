package io.jenkins.plugins.codybatch.engine.repo;

import java.util.List;

/**
 * What to put in a pull request.
 *
 * @param jobName  the campaign's identity: names the branch (cody-batch/&lt;job-slug&gt; unless {@code branch} is
 *                 set), the title and the commit trailer; must stay the same from run to run (see {@link CampaignName})
 * @param summary  the model's own summary of the change
 * @param body     extra lines for the body (usage, cost), already formatted
 * @param buildUrl link back to the build, or null
 * @param recreateClosed open a new pull request even where the job's last one was closed without merging
 * @param prompt   what the model was asked, quoted in the body; when the job name is the one derived from it
 *                 ({@link CampaignName#fromPrompt}), its first line is the title
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
        List<String> assignees,
        boolean recreateClosed,
        String prompt) {}
