package io.jenkins.plugins.codybatch.engine.repo;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@link RepositorySelection} into owner/name specs through the GitHub API (all pages). */
public final class RepositorySelector {

    private final GitHubClient gitHub;

    public RepositorySelector(GitHubClient gitHub) {
        this.gitHub = gitHub;
    }

    /** owner/name of every selected repository, in the order GitHub lists them (by name). */
    public List<String> select(RepositorySelection selection) throws RepositoryException {
        String owner = selection.owner().trim();
        List<JsonNode> repos = gitHub.getAllPages(listPath(owner), null, "listing the repositories of " + owner);
        PathMatcher nameMatcher = selection.nameGlob() == null ? null : glob(selection.nameGlob());
        List<String> selected = new ArrayList<>();
        for (JsonNode repo : repos) {
            if (!selection.includeArchived() && repo.path("archived").asBoolean()
                    || !selection.includeForks() && repo.path("fork").asBoolean()
                    || nameMatcher != null && !nameMatcher.matches(Path.of(repo.path("name").asText()))
                    || selection.topic() != null && !hasTopic(repo, selection.topic())
                    || selection.containsFileGlob() != null && !containsFile(repo, selection.containsFileGlob())) {
                continue;
            }
            selected.add(repo.path("full_name").asText());
        }
        return selected;
    }

    private String listPath(String owner) throws RepositoryException {
        GitHubClient.Reply account = gitHub.get("/users/" + encode(owner));
        if (!account.ok()) {
            throw gitHub.failure(account, "looking up the owner " + owner);
        }
        return "Organization".equals(account.json().path("type").asText())
                ? "/orgs/" + encode(owner) + "/repos?type=all&sort=full_name&per_page=100"
                : "/users/" + encode(owner) + "/repos?type=owner&sort=full_name&per_page=100";
    }

    private static boolean hasTopic(JsonNode repo, String topic) {
        for (JsonNode t : repo.path("topics")) {
            if (t.asText().equalsIgnoreCase(topic.trim())) {
                return true;
            }
        }
        return false;
    }

    /** Uses the recursive tree of the default branch (one call per repository). */
    private boolean containsFile(JsonNode repo, String fileGlob) throws RepositoryException {
        String fullName = repo.path("full_name").asText();
        GitHubClient.Reply tree = gitHub.get("/repos/" + fullName + "/git/trees/"
                + encode(repo.path("default_branch").asText()) + "?recursive=1");
        if (tree.code() == 404 || tree.code() == 409) { // 409: empty repository
            return false;
        }
        if (!tree.ok()) {
            throw gitHub.failure(tree, "reading the file tree of " + fullName);
        }
        PathMatcher matcher = glob(fileGlob);
        boolean byFileName = !fileGlob.contains("/"); // "Dockerfile" matches at any depth, "src/*.java" the full path
        for (JsonNode entry : tree.json().path("tree")) {
            Path path = Path.of(entry.path("path").asText());
            if ("blob".equals(entry.path("type").asText()) && matcher.matches(byFileName ? path.getFileName() : path)) {
                return true;
            }
        }
        return false;
    }

    private static PathMatcher glob(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob.trim());
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
