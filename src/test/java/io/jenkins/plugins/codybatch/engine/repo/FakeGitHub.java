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
    private final FakePullRequests pullRequests = new FakePullRequests(this);
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

    /** Makes {@code login} a user ("User") or an organization ("Organization"), which decides how it is listed. */
    public FakeGitHub ownerType(String login, String type) {
        ownerTypes.put(login, type);
        return this;
    }

    /** The files of a repository's default branch, as its recursive tree lists them. */
    public FakeGitHub files(String slug, String... paths) {
        trees.put(slug, list(paths));
        return this;
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
        MockResponse pullRequests = this.pullRequests.route(method, p, slug, url, body);
        if (pullRequests != null) {
            return pullRequests;
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

    /** The stored pull request; GitHub numbers are per repository, this fake's across all of them. */
    public ObjectNode pull(String slug, int number) {
        return pullRequests.pull(slug, number);
    }

    /** The pull request with the head and state git holds now. */
    ObjectNode synced(ObjectNode pr) {
        return pullRequests.synced(pr);
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
