package io.jenkins.plugins.codybatch.engine.repo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.Json;

/**
 * A person (or a CI bot) acting on {@link FakeGitHub} between two runs of a job, the way they would on github.com:
 * commits pushed with git into the real bare repository, merges made by git, and the pull request, review, status
 * and check-run records GitHub would then serve.
 */
public final class GitHubPerson {

    private final FakeGitHub gitHub;
    private final String login;

    public GitHubPerson(FakeGitHub gitHub, String login) {
        this.gitHub = gitHub;
        this.login = login;
    }

    public String email() {
        return login + "@users.noreply.github.com";
    }

    /** Pushes a commit to a branch (written with the git command line, as their clone would); returns the new head. */
    public String pushCommit(String slug, String branch, String file, String content, String message) {
        return BareRepos.commit(gitHub.bareRepo(slug), branch, login, email(), file, content, message);
    }

    /** Force-pushes the branch to an earlier commit. */
    public void resetBranch(String slug, String branch, String commit) {
        BareRepos.reset(gitHub.bareRepo(slug), branch, commit);
    }

    /** "Delete branch" on the pull request page; GitHub closes an open pull request of that branch. */
    public void deleteBranch(String slug, String branch) {
        BareRepos.delete(gitHub.bareRepo(slug), branch);
    }

    /** Closes the pull request without merging. */
    public void close(String slug, int number) {
        ObjectNode pr = gitHub.pull(slug, number);
        String now = gitHub.clock.instant().toString();
        pr.put("state", "closed").put("closed_at", now).put("updated_at", now);
        pr.putObject("closed_by").put("login", login).put("type", "User");
    }

    /** Merges the pull request with a merge commit on its base branch; returns the merge commit. */
    public String merge(String slug, int number) {
        ObjectNode pr = gitHub.synced(gitHub.pull(slug, number));
        String merge = BareRepos.merge(gitHub.bareRepo(slug), pr.path("base").path("ref").asText(),
                pr.path("head").path("ref").asText(), login);
        String now = gitHub.clock.instant().toString();
        pr.put("state", "closed").put("closed_at", now).put("merged_at", now).put("updated_at", now)
                .put("merge_commit_sha", merge);
        pr.putObject("merged_by").put("login", login).put("type", "User");
        return merge;
    }

    /** Reviews the pull request's current head: APPROVED, CHANGES_REQUESTED or COMMENTED. */
    public void review(String slug, int number, String state) {
        ObjectNode pr = gitHub.synced(gitHub.pull(slug, number));
        ArrayNode list = gitHub.reviews.computeIfAbsent(number, n -> Json.MAPPER.createArrayNode());
        int id = 80 + list.size();
        ObjectNode review = list.addObject(); // GitHub lists reviews oldest first
        review.put("id", id).put("node_id", "PRR_kwDO" + id);
        review.putObject("user").put("login", login).put("id", 100 + login.length()).put("type", "User");
        review.put("body", state.equals("APPROVED") ? "Looks good." : "Please have a look at my comments.");
        review.put("state", state);
        review.put("html_url", pr.path("html_url").asText() + "#pullrequestreview-" + id);
        review.put("pull_request_url", pr.path("url").asText());
        review.put("author_association", "COLLABORATOR");
        review.put("submitted_at", gitHub.clock.instant().toString());
        review.put("commit_id", pr.path("head").path("sha").asText());
    }

    /** Reports a commit status on the pull request's head (as CI does): success, failure, error or pending. */
    public void commitStatus(String slug, int number, String context, String state) {
        String sha = gitHub.synced(gitHub.pull(slug, number)).path("head").path("sha").asText();
        ArrayNode list = gitHub.statuses.computeIfAbsent(slug + "@" + sha, k -> Json.MAPPER.createArrayNode());
        String now = gitHub.clock.instant().toString();
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("url", "https://api.github.com/repos/" + slug + "/statuses/" + sha).put("id", 1000 + list.size())
                .put("node_id", "SC_kwDO" + list.size()).put("state", state)
                .put("description", state.equals("success") ? "The build passed" : state.equals("pending")
                        ? "The build is running" : "The build failed")
                .put("target_url", "https://ci.example.com/builds/" + (1000 + list.size())).put("context", context)
                .put("created_at", now).put("updated_at", now);
        status.putObject("creator").put("login", login).put("id", 77).put("type", "Bot");
        list.insert(0, status); // GitHub lists a commit's statuses newest first
    }

    /** Reports a check run on the pull request's head: queued, in_progress, or completed with a conclusion. */
    public void checkRun(String slug, int number, String name, String status, String conclusion) {
        String sha = gitHub.synced(gitHub.pull(slug, number)).path("head").path("sha").asText();
        ArrayNode list = gitHub.checkRuns.computeIfAbsent(slug + "@" + sha, k -> Json.MAPPER.createArrayNode());
        long id = 4000 + list.size();
        String now = gitHub.clock.instant().toString();
        ObjectNode run = list.addObject();
        run.put("id", id).put("head_sha", sha).put("node_id", "CR_kwDO" + id).put("external_id", "")
                .put("url", "https://api.github.com/repos/" + slug + "/check-runs/" + id)
                .put("html_url", "https://github.com/" + slug + "/runs/" + id)
                .put("details_url", "https://ci.example.com/runs/" + id).put("status", status)
                .put("started_at", now).put("name", name);
        if (conclusion == null) {
            run.putNull("conclusion").putNull("completed_at");
        } else {
            run.put("conclusion", conclusion).put("completed_at", now);
        }
        run.putObject("output").put("title", name).put("summary", conclusion == null ? "running" : conclusion)
                .putNull("text").put("annotations_count", 0)
                .put("annotations_url", "https://api.github.com/repos/" + slug + "/check-runs/" + id + "/annotations");
        run.putObject("check_suite").put("id", 5000 + list.size());
        run.putObject("app").put("id", 15368).put("slug", "github-actions").put("name", "GitHub Actions");
        run.putArray("pull_requests");
    }
}
