package io.jenkins.plugins.codybatch.engine.repo;

import static io.jenkins.plugins.codybatch.engine.repo.FakeGitHub.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * The pull request part of {@link FakeGitHub}: list, create, get and edit pull requests, their reviews, and the
 * statuses and check runs of their head commits, with api.github.com's shapes. Head, mergeability and "closed when
 * the branch is deleted" come from the real bare repositories behind the clone URLs.
 */
final class FakePullRequests {

    private final FakeGitHub gitHub;

    FakePullRequests(FakeGitHub gitHub) {
        this.gitHub = gitHub;
    }

    /** The answer to a /repos/{owner}/{name}/... request about pull requests, or null when it is about something else. */
    MockResponse route(String method, String[] p, String slug, HttpUrl url, JsonNode body) {
        if (p.length == 4 && p[3].equals("pulls")) {
            return method.equals("GET") ? listPulls(slug, url) : createPull(slug, body);
        }
        if (p.length == 5 && p[3].equals("pulls") && method.equals("GET")) {
            return json(200, fullPull(pull(slug, Integer.parseInt(p[4]))).toString());
        }
        if (p.length == 5 && p[3].equals("pulls") && method.equals("PATCH")) {
            ObjectNode pr = pull(slug, Integer.parseInt(p[4]));
            if (body.has("title")) pr.put("title", body.get("title").asText());
            if (body.has("body")) pr.put("body", body.get("body").asText());
            if (body.path("state").asText().equals("closed")) pr.put("state", "closed").put("closed_at", gitHub.clock.instant().toString());
            pr.put("updated_at", gitHub.clock.instant().toString());
            return json(200, fullPull(pr).toString());
        }
        if (p.length == 6 && p[3].equals("pulls") && p[5].equals("reviews") && method.equals("GET")) {
            pull(slug, Integer.parseInt(p[4]));
            return json(200, gitHub.reviews.getOrDefault(Integer.parseInt(p[4]), Json.MAPPER.createArrayNode()).toString());
        }
        if (p.length == 5 && p[3].equals("statuses") && method.equals("GET")) { // github-api's path for a commit's statuses
            return json(200, gitHub.statuses.getOrDefault(slug + "@" + p[4], Json.MAPPER.createArrayNode()).toString());
        }
        if (p.length == 6 && p[3].equals("commits") && p[5].equals("check-runs") && method.equals("GET")) {
            ArrayNode runs = gitHub.checkRuns.getOrDefault(slug + "@" + p[4], Json.MAPPER.createArrayNode());
            ObjectNode page = Json.MAPPER.createObjectNode().put("total_count", runs.size());
            page.set("check_runs", runs);
            return json(200, page.toString());
        }
        return null;
    }

    private MockResponse listPulls(String slug, HttpUrl url) {
        String head = url.queryParameter("head");
        String state = url.queryParameter("state") == null ? "open" : url.queryParameter("state");
        ArrayNode array = Json.MAPPER.createArrayNode();
        gitHub.pulls.stream().filter(pr -> pr.path("base").path("repo").path("full_name").asText().equals(slug))
                .map(this::synced)
                .filter(pr -> head == null || pr.path("head").path("label").asText().equals(head))
                .filter(pr -> state.equals("all") || pr.path("state").asText().equals(state))
                .sorted((a, b) -> b.path("number").asInt() - a.path("number").asInt()) // newest first, like GitHub
                .map(ObjectNode::deepCopy) // list entries leave out merged and mergeable, like GitHub's
                .forEach(array::add);
        return json(200, array.toString());
    }

    private synchronized MockResponse createPull(String slug, JsonNode body) {
        String head = body.path("head").asText();
        String label = head.contains(":") ? head : slug.split("/")[0] + ":" + head;
        String ref = label.substring(label.indexOf(':') + 1);
        String baseRef = body.path("base").asText();
        boolean exists = gitHub.pulls.stream().map(this::synced).anyMatch(pr -> pr.path("head").path("label").asText().equals(label)
                && pr.path("state").asText().equals("open") && pr.path("base").path("repo").path("full_name").asText().equals(slug));
        if (exists) {
            return json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\","
                    + "\"message\":\"A pull request already exists for " + label + ".\"}],"
                    + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\",\"status\":\"422\"}");
        }
        ObjectNode headRepo = gitHub.repos.get(label.substring(0, label.indexOf(':')) + "/" + slug.split("/")[1]);
        Path headBare = headRepo == null ? null : BareRepos.of(headRepo.path("clone_url").asText());
        Path baseBare = BareRepos.of(gitHub.repos.get(slug).path("clone_url").asText());
        String headSha = headBare == null ? null : BareRepos.head(headBare, ref);
        if (headBare != null && headSha == null) {
            return json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"field\":\"head\","
                    + "\"code\":\"invalid\"}],\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\","
                    + "\"status\":\"422\"}");
        }
        if (baseBare != null && baseBare.equals(headBare) && BareRepos.ahead(baseBare, "refs/heads/" + baseRef, headSha) == 0) {
            return json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\","
                    + "\"message\":\"No commits between " + baseRef + " and " + ref + "\"}],"
                    + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\",\"status\":\"422\"}");
        }
        int number = gitHub.pulls.size() + 1;
        String now = gitHub.clock.instant().toString();
        ObjectNode pr = Json.MAPPER.createObjectNode();
        pr.put("url", "https://api.github.com/repos/" + slug + "/pulls/" + number);
        pr.put("id", 9000 + number);
        pr.put("node_id", "PR_kwDO" + number);
        pr.put("html_url", "https://github.com/" + slug + "/pull/" + number);
        pr.put("number", number);
        pr.put("state", "open");
        pr.put("locked", false);
        pr.put("title", body.path("title").asText());
        pr.putObject("user").put("login", "cody-bot").put("id", 42).put("type", "User");
        pr.put("body", body.path("body").asText());
        pr.put("created_at", now);
        pr.put("updated_at", now);
        pr.putNull("closed_at");
        pr.putNull("merged_at");
        pr.putNull("merge_commit_sha");
        pr.put("draft", body.path("draft").asBoolean());
        ObjectNode headNode = pr.putObject("head");
        headNode.put("label", label).put("ref", ref).put("sha", headSha);
        headNode.set("repo", headRepo);
        ObjectNode base = pr.putObject("base");
        base.put("label", slug.split("/")[0] + ":" + baseRef).put("ref", baseRef);
        base.set("repo", gitHub.repos.get(slug));
        gitHub.pulls.add(pr);
        return json(201, fullPull(pr).toString());
    }

    /** The pull request with the head and state git holds now: GitHub closes a pull request whose branch is deleted. */
    ObjectNode synced(ObjectNode pr) {
        Path bare = BareRepos.of(pr.path("head").path("repo").path("clone_url").asText(null));
        if (bare == null) {
            return pr;
        }
        synchronized (pr) {
            String sha = BareRepos.head(bare, pr.path("head").path("ref").asText());
            if (sha != null) {
                pr.with("head").put("sha", sha);
            } else if (pr.path("state").asText().equals("open")) {
                pr.put("state", "closed").put("closed_at", gitHub.clock.instant().toString());
            }
            return pr;
        }
    }

    /** GET /pulls/N: adds merged, mergeable and mergeable_state, computed from the bare repository like GitHub does. */
    private ObjectNode fullPull(ObjectNode stored) {
        ObjectNode pr = synced(stored).deepCopy();
        boolean merged = !pr.path("merged_at").isNull() && pr.has("merged_at");
        pr.put("merged", merged);
        pr.put("comments", 0).put("review_comments", 0).put("maintainer_can_modify", false);
        Path bare = BareRepos.of(pr.path("base").path("repo").path("clone_url").asText(null));
        boolean sameRepo = pr.path("head").path("repo").path("full_name").asText()
                .equals(pr.path("base").path("repo").path("full_name").asText());
        if (!pr.path("state").asText().equals("open") || bare == null || !sameRepo) {
            pr.putNull("mergeable");
            pr.put("mergeable_state", "unknown");
            return pr;
        }
        int number = pr.path("number").asInt();
        Boolean clean = gitHub.mergeableOverride.containsKey(number) ? gitHub.mergeableOverride.get(number)
                : BareRepos.mergeable(bare, "refs/heads/" + pr.path("base").path("ref").asText(), pr.path("head").path("sha").asText());
        pr.put("mergeable", clean);
        pr.put("mergeable_state", clean == null ? "unknown" : !clean ? "dirty" : pr.path("draft").asBoolean() ? "draft" : "clean");
        return pr;
    }

    ObjectNode pull(String slug, int number) {
        return gitHub.pulls.stream().filter(pr -> pr.path("number").asInt() == number
                && pr.path("base").path("repo").path("full_name").asText().equals(slug)).findFirst().orElseThrow();
    }
}
