package io.jenkins.plugins.codybatch.engine.repo;

/** Title and body of the job's pull request: the job, the model's summary, the files changed once, how to re-run. */
final class PullRequestText {

    static final int MAX_LISTED_FILES = 50;
    private static final int MAX_TITLE = 72;
    private static final int MAX_PROMPT = 2000;

    private PullRequestText() {}

    /** The job name; for a name derived from the prompt (the CLI's default), the prompt's first line. */
    static String title(PullRequestRequest request) {
        String job = jobName(request);
        if (request.prompt() != null && !request.prompt().isBlank() && job.equals(CampaignName.fromPrompt(request.prompt()))) {
            String line = request.prompt().strip().lines().findFirst().orElse("").strip();
            return line.length() <= MAX_TITLE ? line : line.substring(0, MAX_TITLE - 1).strip() + "…";
        }
        return job.isEmpty() ? "Cody Batch change" : job;
    }

    private static String jobName(PullRequestRequest request) {
        return request.jobName() == null ? "" : request.jobName().replaceAll("[\\r\\n]+", " ").strip();
    }

    static String body(Patch patch, PullRequestRequest request, String baseBranch) {
        StringBuilder body = new StringBuilder();
        if (request.summary() != null && !request.summary().isBlank()) {
            body.append(request.summary().strip()).append("\n\n");
        }
        int files = patch.filesChanged().size();
        body.append("### Files changed (").append(files).append(")\n\n");
        patch.filesChanged().stream().limit(MAX_LISTED_FILES).forEach(f -> body.append("- `").append(f).append("`\n"));
        if (files > MAX_LISTED_FILES) {
            body.append("- … and ").append(files - MAX_LISTED_FILES).append(" more\n");
        }
        if (request.body() != null && !request.body().isBlank()) {
            body.append('\n').append(request.body().strip()).append('\n');
        }
        if (request.prompt() != null && !request.prompt().isBlank()) {
            String prompt = request.prompt().strip();
            prompt = prompt.length() <= MAX_PROMPT ? prompt : prompt.substring(0, MAX_PROMPT) + "\n…";
            body.append("\n<details><summary>What Cody Batch was asked</summary>\n\n```text\n")
                    .append(prompt.replace("```", "`\u200b``")).append("\n```\n\n</details>\n");
        }
        boolean jenkins = request.buildUrl() != null && !request.buildUrl().isBlank();
        if (jenkins) {
            body.append("\nLast run: ").append(request.buildUrl().strip()).append('\n');
        }
        String job = jobName(request).isEmpty() ? "Cody Batch change" : jobName(request);
        body.append("\n---\n")
                .append("Opened by Cody Batch for the job \"").append(job).append("\". Every run of the job rebuilds this")
                .append(" branch on the latest `").append(baseBranch).append("` and updates this pull request, as long")
                .append(" as the branch holds only Cody Batch's commits: push a commit here and the job leaves the pull")
                .append(" request to you. Close it without merging and the job does not open it again.\n\n")
                .append("To re-run: ")
                .append(jenkins ? "build the Jenkins job again."
                        : "run `cody-batch run --name \"" + job.replace("\"", "'") + "\" --create-prs` with the same"
                                + " prompt and repositories.")
                .append('\n');
        return body.toString();
    }
}
