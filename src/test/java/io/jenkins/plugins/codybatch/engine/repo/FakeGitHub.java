package io.jenkins.plugins.codybatch.engine.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/** A stateful fake of the GitHub REST API answering with api.github.com response shapes (public: the CLI tests use it too). */
public final class FakeGitHub extends Dispatcher {

    public record Call(String method, String path, String query, JsonNode body, String authorization) {}

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, ObjectNode> repos = new LinkedHashMap<>();
    final Map<String, String> ownerTypes = new LinkedHashMap<>();
    final Map<String, List<String>> trees = new LinkedHashMap<>();
    /** org/team-slug of existing teams. */
    final List<String> teams = new CopyOnWriteArrayList<>();
    public final List<ObjectNode> pulls = new CopyOnWriteArrayList<>();
    /** Reviews per pull request number, oldest first. */
    final Map<Integer, ArrayNode> reviews = new java.util.concurrent.ConcurrentHashMap<>();
    /** Commit statuses per "owner/name@sha", newest first; check runs likewise. */
    final Map<String, ArrayNode> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, ArrayNode> checkRuns = new java.util.concurrent.ConcurrentHashMap<>();
    /** Answers served before normal handling (rate limits, errors). */
    public final ConcurrentLinkedDeque<MockResponse> injected = new ConcurrentLinkedDeque<>();
    /** One-shot answers for one request line ("GET /repos/acme/x"), served before normal handling. */
    public final Map<String, ConcurrentLinkedDeque<MockResponse>> injectedFor = new java.util.concurrent.ConcurrentHashMap<>();
    public final Map<String, String> failPaths = Collections.synchronizedMap(new LinkedHashMap<>());
    public volatile String validToken = "ghp_fakeToken1234567890";
    volatile PublicKey appKey;
    volatile String appId = "12345";
    volatile String installationId = "777";
    volatile int issuedTokens;
    volatile Clock clock = Clock.systemUTC();
    int pageSize = 2;

    public ObjectNode addRepo(String fullName, String cloneUrl, boolean push) {
        String[] parts = fullName.split("/");
        ObjectNode repo = Json.MAPPER.createObjectNode();
        repo.put("id", 1000 + repos.size());
        repo.put("node_id", "R_kgDO" + repos.size());
        repo.put("name", parts[1]);
        repo.put("full_name", fullName);
        repo.put("private", false);
        repo.putObject("owner").put("login", parts[0]).put("type", ownerTypes.getOrDefault(parts[0], "Organization"));
        repo.put("html_url", "https://github.com/" + fullName);
        repo.put("fork", false);
        repo.put("url", "https://api.github.com/repos/" + fullName);
        repo.put("clone_url", cloneUrl);
        repo.put("ssh_url", "git@github.com:" + fullName + ".git");
        repo.put("default_branch", "main");
        repo.put("archived", false);
        repo.putArray("topics");
        repo.putObject("permissions").put("admin", false).put("maintain", false).put("push", push).put("triage", true).put("pull", true);
        repos.put(fullName, repo);
        return repo;
    }

    public List<Call> calls(String method, String pathPrefix) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix)).toList();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        // GitHub Enterprise Server serves the same API under /api/v3
        String path = url.encodedPath().startsWith("/api/v3/") ? url.encodedPath().substring(7) : url.encodedPath();
        JsonNode body = null;
        try {
            body = request.getBody() == null || request.getBody().size() == 0 ? null
                    : Json.MAPPER.readTree(request.getBody().utf8());
        } catch (Exception e) {
            return json(400, "{\"message\":\"Problems parsing JSON\"}");
        }
        String auth = request.getHeaders().get("Authorization");
        calls.add(new Call(request.getMethod(), url.encodedPath(), url.encodedQuery(), body, auth));
        ConcurrentLinkedDeque<MockResponse> forPath = injectedFor.get(request.getMethod() + " " + path);
        MockResponse next = forPath != null ? forPath.poll() : null;
        next = next != null ? next : injected.poll();
        if (next != null) {
            return next;
        }
        if (path.contains(".git/")) { // git smart HTTP: like github.com, ask for Basic credentials and refuse them
            return new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"GitHub\"")
                    .body("Invalid username or token.").build();
        }
        if (path.equals("/app") || path.startsWith("/app/")) {
            return appTokens(request.getMethod(), path, auth);
        }
        if (auth == null || !auth.equals("Bearer " + validToken)) {
            return json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
        }
        String failure = failPaths.get(request.getMethod() + " " + path);
        if (failure != null) {
            return json(Integer.parseInt(failure.substring(0, 3)), failure.substring(4));
        }
        String[] p = path.substring(1).split("/");
        try {
            return route(request.getMethod(), p, url, body);
        } catch (RuntimeException e) {
            return json(500, "{\"message\":\"fake error " + e + "\"}");
        }
    }

    private MockResponse route(String method, String[] p, HttpUrl url, JsonNode body) {
        if (p[0].equals("rate_limit")) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .addHeader("X-OAuth-Scopes", "repo, read:org").addHeader("X-RateLimit-Remaining", "4990")
                    .body("{\"resources\":{\"core\":{\"limit\":5000,\"used\":10,\"remaining\":4990,\"reset\":1700000000},"
                            + "\"search\":{\"limit\":30,\"used\":0,\"remaining\":30,\"reset\":1700000000},"
                            + "\"graphql\":{\"limit\":5000,\"used\":0,\"remaining\":5000,\"reset\":1700000000},"
                            + "\"integration_manifest\":{\"limit\":5000,\"used\":0,\"remaining\":5000,\"reset\":1700000000}},"
                            + "\"rate\":{\"limit\":5000,\"used\":10,\"remaining\":4990,\"reset\":1700000000}}").build();
        }
        if (p[0].equals("user") && p.length == 1) { // like api.github.com, every answer to a classic token names its scopes
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json; charset=utf-8")
                    .addHeader("X-OAuth-Scopes", "repo, read:org")
                    .body("{\"login\":\"cody-bot\",\"id\":42,\"type\":\"User\",\"url\":\"https://api.github.com/users/cody-bot\","
                            + "\"html_url\":\"https://github.com/cody-bot\",\"created_at\":\"2020-06-01T08:00:00Z\",\"updated_at\":\"2026-01-05T10:00:00Z\"}").build();
        }
        if (p[0].equals("orgs") && p.length == 2 && method.equals("GET")) {
            return !"Organization".equals(ownerTypes.get(p[1])) ? notFound() : json(200, "{\"login\":\"" + p[1]
                    + "\",\"id\":7,\"node_id\":\"O_kgDO7\",\"url\":\"https://api.github.com/orgs/" + p[1]
                    + "\",\"repos_url\":\"https://api.github.com/orgs/" + p[1] + "/repos\",\"html_url\":\"https://github.com/"
                    + p[1] + "\",\"type\":\"Organization\",\"created_at\":\"2015-03-02T10:00:00Z\",\"updated_at\":\"2026-01-05T10:00:00Z\"}");
        }
        if (p[0].equals("orgs") && p.length == 4 && p[2].equals("teams") && method.equals("GET")) {
            return !teams.contains(p[1] + "/" + p[3]) ? notFound() : json(200, "{\"id\":55,\"node_id\":\"T_kwDO55\",\"slug\":\""
                    + p[3] + "\",\"name\":\"" + p[3] + "\",\"url\":\"https://api.github.com/organizations/7/team/55\","
                    + "\"html_url\":\"https://github.com/orgs/" + p[1] + "/teams/" + p[3] + "\",\"privacy\":\"closed\","
                    + "\"permission\":\"pull\",\"organization\":{\"login\":\"" + p[1] + "\",\"id\":7}}");
        }
        if (p[0].equals("users") && p.length == 2) {
            String type = ownerTypes.get(p[1]);
            return type == null ? notFound() : json(200, "{\"login\":\"" + p[1] + "\",\"id\":7,\"type\":\"" + type
                    + "\",\"url\":\"https://api.github.com/users/" + p[1] + "\",\"html_url\":\"https://github.com/" + p[1]
                    + "\",\"created_at\":\"2015-03-02T10:00:00Z\",\"updated_at\":\"2026-01-05T10:00:00Z\"}");
        }
        if ((p[0].equals("orgs") || p[0].equals("users")) && p.length == 3 && p[2].equals("repos")) {
            List<ObjectNode> owned = repos.values().stream().filter(r -> r.path("owner").path("login").asText().equals(p[1])).toList();
            int page = url.queryParameter("page") == null ? 1 : Integer.parseInt(url.queryParameter("page"));
            ArrayNode array = Json.MAPPER.createArrayNode();
            owned.stream().skip((long) (page - 1) * pageSize).limit(pageSize).forEach(array::add);
            MockResponse.Builder response = new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body(array.toString());
            int pages = (owned.size() + pageSize - 1) / pageSize;
            if (page < pages) {
                String next = url.newBuilder().setQueryParameter("page", String.valueOf(page + 1)).build().toString();
                String last = url.newBuilder().setQueryParameter("page", String.valueOf(pages)).build().toString();
                response.addHeader("Link", "<" + next + ">; rel=\"next\", <" + last + ">; rel=\"last\"");
            }
            return response.build();
        }
        if (!p[0].equals("repos") || p.length < 3) {
            return notFound();
        }
        String slug = p[1] + "/" + p[2];
        ObjectNode repo = repos.get(slug);
        if (repo == null) {
            return notFound();
        }
        if (p.length == 3 && method.equals("GET")) {
            return json(200, repo.toString());
        }
        if (p.length == 4 && p[3].equals("forks") && method.equals("POST")) {
            String owner = body != null && body.has("organization") ? body.get("organization").asText() : "cody-bot";
            ObjectNode fork = repos.get(owner + "/" + p[2]);
            return fork == null ? notFound() : json(202, fork.toString());
        }
        if (p.length == 4 && p[3].equals("topics") && method.equals("GET")) {
            ObjectNode topics = Json.MAPPER.createObjectNode();
            topics.set("names", repo.path("topics"));
            return json(200, topics.toString());
        }
        if (p.length >= 6 && p[3].equals("git") && p[4].equals("trees")) {
            List<String> files = trees.get(slug);
            if (files == null) {
                return json(409, "{\"message\":\"Git Repository is empty.\"}");
            }
            ArrayNode tree = Json.MAPPER.createArrayNode();
            files.forEach(f -> tree.addObject().put("path", f).put("mode", "100644").put("type", "blob").put("sha", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"));
            return json(200, Json.MAPPER.createObjectNode().put("sha", "abc").put("truncated", false).set("tree", tree).toString());
        }
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
            if (body.path("state").asText().equals("closed")) pr.put("state", "closed").put("closed_at", clock.instant().toString());
            pr.put("updated_at", clock.instant().toString());
            return json(200, fullPull(pr).toString());
        }
        if (p.length == 6 && p[3].equals("pulls") && p[5].equals("reviews") && method.equals("GET")) {
            pull(slug, Integer.parseInt(p[4]));
            return json(200, reviews.getOrDefault(Integer.parseInt(p[4]), Json.MAPPER.createArrayNode()).toString());
        }
        if (p.length == 5 && p[3].equals("statuses") && method.equals("GET")) { // github-api's path for a commit's statuses
            return json(200, statuses.getOrDefault(slug + "@" + p[4], Json.MAPPER.createArrayNode()).toString());
        }
        if (p.length == 6 && p[3].equals("commits") && p[5].equals("check-runs") && method.equals("GET")) {
            ArrayNode runs = checkRuns.getOrDefault(slug + "@" + p[4], Json.MAPPER.createArrayNode());
            ObjectNode page = Json.MAPPER.createObjectNode().put("total_count", runs.size());
            page.set("check_runs", runs);
            return json(200, page.toString());
        }
        if (p.length == 6 && p[3].equals("pulls") && p[5].equals("requested_reviewers")) {
            return json(201, pull(slug, Integer.parseInt(p[4])).toString());
        }
        if (p.length == 6 && p[3].equals("issues") && p[5].equals("labels")) {
            ArrayNode labels = Json.MAPPER.createArrayNode();
            body.get("labels").forEach(l -> labels.addObject().put("id", 1).put("name", l.asText()).put("color", "ededed"));
            return json(200, labels.toString());
        }
        if (p.length == 6 && p[3].equals("issues") && p[5].equals("assignees")) {
            return json(201, pull(slug, Integer.parseInt(p[4])).toString());
        }
        return notFound();
    }

    private MockResponse listPulls(String slug, HttpUrl url) {
        String head = url.queryParameter("head");
        String state = url.queryParameter("state") == null ? "open" : url.queryParameter("state");
        ArrayNode array = Json.MAPPER.createArrayNode();
        pulls.stream().filter(pr -> pr.path("base").path("repo").path("full_name").asText().equals(slug))
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
        boolean exists = pulls.stream().map(this::synced).anyMatch(pr -> pr.path("head").path("label").asText().equals(label)
                && pr.path("state").asText().equals("open") && pr.path("base").path("repo").path("full_name").asText().equals(slug));
        if (exists) {
            return json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\","
                    + "\"message\":\"A pull request already exists for " + label + ".\"}],"
                    + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\",\"status\":\"422\"}");
        }
        ObjectNode headRepo = repos.get(label.substring(0, label.indexOf(':')) + "/" + slug.split("/")[1]);
        Path headBare = headRepo == null ? null : BareRepos.of(headRepo.path("clone_url").asText());
        Path baseBare = BareRepos.of(repos.get(slug).path("clone_url").asText());
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
        int number = pulls.size() + 1;
        String now = clock.instant().toString();
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
        base.set("repo", repos.get(slug));
        pulls.add(pr);
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
                pr.put("state", "closed").put("closed_at", clock.instant().toString());
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
        Boolean clean = mergeableOverride.containsKey(number) ? mergeableOverride.get(number)
                : BareRepos.mergeable(bare, "refs/heads/" + pr.path("base").path("ref").asText(), pr.path("head").path("sha").asText());
        pr.put("mergeable", clean);
        pr.put("mergeable_state", clean == null ? "unknown" : !clean ? "dirty" : pr.path("draft").asBoolean() ? "draft" : "clean");
        return pr;
    }

    public ObjectNode pull(String slug, int number) {
        return pulls.stream().filter(pr -> pr.path("number").asInt() == number
                && pr.path("base").path("repo").path("full_name").asText().equals(slug)).findFirst().orElseThrow();
    }

    /** Answers for "mergeable" that replace the computed one (GitHub answers null while it computes). */
    public final Map<Integer, Boolean> mergeableOverride = Collections.synchronizedMap(new LinkedHashMap<>());

    /** The bare repository behind a repository's file:// clone URL. */
    public Path bareRepo(String slug) {
        return BareRepos.of(repos.get(slug).path("clone_url").asText());
    }

    /** The branch's head commit in the repository's bare repository, or null when it does not exist. */
    public String branchHead(String slug, String branch) {
        return BareRepos.head(bareRepo(slug), branch);
    }

    private MockResponse appTokens(String method, String path, String auth) {
        try {
            String jwt = auth.substring("Bearer ".length());
            String[] parts = jwt.split("\\.");
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(appKey);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2])) || !claims.path("iss").asText().equals(appId)
                    || claims.path("exp").asLong() <= now || claims.path("iat").asLong() > now) {
                return json(401, "{\"message\":\"A JSON web token could not be decoded\"}");
            }
        } catch (Exception e) {
            return json(401, "{\"message\":\"A JSON web token could not be decoded\"}");
        }
        if (path.equals("/app") && method.equals("GET")) {
            return json(200, "{\"id\":" + appId + ",\"slug\":\"cody-batch\",\"node_id\":\"A_kwDO1\",\"owner\":{\"login\":\"acme\","
                    + "\"id\":7,\"type\":\"Organization\"},\"name\":\"Cody Batch\",\"html_url\":\"https://github.com/apps/cody-batch\","
                    + "\"permissions\":{\"contents\":\"write\",\"pull_requests\":\"write\",\"metadata\":\"read\"},\"events\":[],"
                    + "\"installations_count\":1}");
        }
        if (path.matches("/app/installations/\\d+") && method.equals("GET")) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            return !id.equals(installationId) ? notFound() : json(200, "{\"id\":" + id + ",\"account\":{\"login\":\"acme\",\"id\":7,"
                    + "\"type\":\"Organization\"},\"repository_selection\":\"all\",\"access_tokens_url\":"
                    + "\"https://api.github.com/app/installations/" + id + "/access_tokens\",\"repositories_url\":"
                    + "\"https://api.github.com/installation/repositories\",\"html_url\":\"https://github.com/organizations/acme/"
                    + "settings/installations/" + id + "\",\"app_id\":" + appId + ",\"target_id\":7,\"target_type\":\"Organization\","
                    + "\"permissions\":{\"contents\":\"write\",\"pull_requests\":\"write\",\"metadata\":\"read\"},\"events\":[],"
                    + "\"app_slug\":\"cody-batch\"}");
        }
        if (!path.equals("/app/installations/" + installationId + "/access_tokens") || !method.equals("POST")) {
            return notFound();
        }
        issuedTokens++;
        validToken = "ghs_installationToken" + issuedTokens;
        return json(201, "{\"token\":\"" + validToken + "\",\"expires_at\":\"" + clock.instant().plusSeconds(3600)
                + "\",\"permissions\":{\"contents\":\"write\",\"pull_requests\":\"write\"},\"repository_selection\":\"all\"}");
    }

    static MockResponse notFound() {
        return json(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
    }

    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8").body(body).build();
    }

    static List<String> list(String... values) {
        return new ArrayList<>(List.of(values));
    }
}
