package io.jenkins.plugins.codybatch.engine.repo;

import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTreeEntry;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.HttpException;

/** Turns a {@link RepositorySelection} into owner/name specs through the GitHub API (all pages). */
public final class RepositorySelector {

    private final GitHubClient gitHub;

    public RepositorySelector(GitHubClient gitHub) {
        this.gitHub = gitHub;
    }

    /** owner/name of every selected repository, sorted by name. */
    public List<String> select(RepositorySelection selection) throws RepositoryException {
        String owner = selection.owner().trim();
        List<GHRepository> repos = list(owner);
        PathMatcher nameMatcher = selection.nameGlob() == null ? null : glob(selection.nameGlob());
        List<String> selected = new ArrayList<>();
        for (GHRepository repo : repos) {
            // cheap checks first: topics and files cost one request per repository
            if (!selection.includeArchived() && repo.isArchived()
                    || !selection.includeForks() && repo.isFork()
                    || nameMatcher != null && !nameMatcher.matches(Path.of(repo.getName()))
                    || selection.topic() != null && !hasTopic(repo, selection.topic())
                    || selection.containsFileGlob() != null && !containsFile(repo, selection.containsFileGlob())) {
                continue;
            }
            selected.add(repo.getFullName());
        }
        selected.sort(Comparator.comparing(String::toLowerCase));
        return selected;
    }

    /** Organizations through /orgs/{org}/repos (private ones the token sees included), users through /users/{u}/repos. */
    private List<GHRepository> list(String owner) throws RepositoryException {
        String what = "looking up the owner " + owner;
        try {
            GHUser account = gitHub.api().getUser(owner);
            what = "listing the repositories of " + owner;
            return "Organization".equals(account.getType())
                    ? gitHub.api().getOrganization(owner).listRepositories(100).toList()
                    : account.listRepositories(100).toList();
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, what);
        }
    }

    /** github-api 1.330 does not read the "topics" of a listed repository, so they are asked for separately. */
    private boolean hasTopic(GHRepository repo, String topic) throws RepositoryException {
        try {
            return repo.listTopics().stream().anyMatch(t -> t.equalsIgnoreCase(topic.trim()));
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "reading the topics of " + repo.getFullName());
        }
    }

    /** Uses the recursive tree of the default branch (one call per repository). */
    private boolean containsFile(GHRepository repo, String fileGlob) throws RepositoryException {
        List<GHTreeEntry> entries;
        try {
            entries = repo.getTreeRecursive(repo.getDefaultBranch(), 1).getTree();
        } catch (FileNotFoundException e) {
            return false;
        } catch (HttpException e) {
            if (e.getResponseCode() == 409) { // empty repository
                return false;
            }
            throw gitHub.failure(e, "reading the file tree of " + repo.getFullName());
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "reading the file tree of " + repo.getFullName());
        }
        PathMatcher matcher = glob(fileGlob);
        boolean byFileName = !fileGlob.contains("/"); // "Dockerfile" matches at any depth, "src/*.java" the full path
        for (GHTreeEntry entry : entries) {
            Path path = Path.of(entry.getPath());
            if ("blob".equals(entry.getType()) && matcher.matches(byFileName ? path.getFileName() : path)) {
                return true;
            }
        }
        return false;
    }

    private static PathMatcher glob(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob.trim());
    }
}
