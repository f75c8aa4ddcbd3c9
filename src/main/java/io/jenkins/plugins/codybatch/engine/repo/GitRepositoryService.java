package io.jenkins.plugins.codybatch.engine.repo;

import io.jenkins.plugins.codybatch.engine.repo.JobBranch.PushTarget;
import io.jenkins.plugins.codybatch.engine.repo.github.CreationThrottle;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHRepositoryForkBuilder;

/**
 * {@link RepositoryService} on JGit and the GitHub REST API (through github-api). The token goes to git only
 * through a credentials provider (never into a URL, .git/config or a message). No git hooks run: commits are written with an object
 * inserter and pushes go through the transport directly.
 */
public final class GitRepositoryService implements RepositoryService {

    private static final Pattern OWNER_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+");

    private final GitHubClient gitHub;
    private final Allowlist allowlist;
    private final RepositorySettings settings;
    private final PullRequestLifecycle lifecycle;
    private final Checkouts checkouts;

    /** @param gitHub null when only local paths and git URLs are used (no resolve of owner/name, no publish) */
    public GitRepositoryService(GitHubClient gitHub, Allowlist allowlist, RepositorySettings settings) {
        this.gitHub = gitHub;
        this.allowlist = allowlist;
        this.settings = settings;
        this.checkouts = new Checkouts(settings.mirrorCache(), this::redact);
        this.lifecycle = gitHub == null ? null : new PullRequestLifecycle(gitHub,
                new JobBranch(new OwnCommits(settings, gitHub.clock()), gitHub.sleeper(), gitHub::redact,
                        settings.branchPrefix()),
                CreationThrottle.shared(gitHub.apiUrl(), settings.minPullRequestInterval(), gitHub.clock(),
                        gitHub.sleeper()));
    }

    // ---------------------------------------------------------------- resolve

    @Override
    public RepositoryRef resolve(String spec) throws RepositoryException {
        String trimmed = spec == null ? "" : spec.trim();
        if (trimmed.isEmpty()) {
            throw new RepositoryException("Empty repository entry. Use owner/name, a local path or a git URL.");
        }
        if (OWNER_NAME.matcher(trimmed).matches()) { // a relative local folder of that shape is written ./owner/name
            return resolveOnGitHub(trimmed);
        }
        boolean url = Checkouts.isUrl(trimmed);
        if (!url && !Files.isDirectory(Path.of(trimmed))) {
            throw new RepositoryException("'" + trimmed + "' is neither owner/name, an existing local folder nor a git URL."
                    + " Fix the repository entry.");
        }
        if (!url && !isGitRepository(Path.of(trimmed))) {
            throw new RepositoryException("'" + trimmed + "' is a folder but not a git repository. Give the folder"
                    + " of a git repository (the one holding .git), or run git init there first.");
        }
        String name = lastSegment(trimmed);
        refuseIfNotAllowed(name);
        String cloneUrl = url ? trimmed : Path.of(trimmed).toAbsolutePath().normalize().toString();
        String base = settings.baseBranch() != null ? settings.baseBranch()
                : url ? remoteHead(cloneUrl, null) : localHead(cloneUrl);
        return new RepositoryRef(name, cloneUrl, base, false, null);
    }

    /** A work tree (with .git) or a bare repository. */
    private static boolean isGitRepository(Path folder) {
        return Files.exists(folder.resolve(".git"))
                || (Files.isRegularFile(folder.resolve("HEAD")) && Files.isDirectory(folder.resolve("objects")));
    }

    /**
     * The branch HEAD points to in a local repository, read from the repository itself: asking it over the git
     * protocol (ls-remote) started an upload-pack thread per repository (docs/performance.md, "Local overhead").
     */
    private String localHead(String folder) throws RepositoryException {
        java.io.File gitDir = RepositoryCache.FileKey.resolve(new java.io.File(folder), FS.DETECTED);
        if (gitDir == null) {
            return remoteHead(folder, null); // not a repository: ls-remote says so in its own words
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build()) {
            Ref head = repo.exactRef(Constants.HEAD);
            return head != null && head.isSymbolic() && head.getTarget().getObjectId() != null
                    ? Repository.shortenRefName(head.getTarget().getName()) : null;
        } catch (IOException e) {
            throw new RepositoryException("Could not read " + folder + " (" + e.getMessage()
                    + "). Check that the folder is a git repository.");
        }
    }

    private RepositoryRef resolveOnGitHub(String slug) throws RepositoryException {
        refuseIfNotAllowed(slug);
        if (gitHub == null) {
            throw new RepositoryException(slug + " needs GitHub access, but no GitHub credentials are configured."
                    + " Configure a token or GitHub App, or give a git URL.");
        }
        GHRepository repo = lookUp(slug);
        String fullName = repo.getFullName() == null ? slug : repo.getFullName();
        refuseIfNotAllowed(fullName);
        boolean canPush = repo.hasPushAccess() && !repo.isArchived();
        String base = settings.baseBranch() != null ? settings.baseBranch() : repo.getDefaultBranch();
        return new RepositoryRef(fullName, repo.getHttpTransportUrl(), base, canPush, fullName);
    }

    private GHRepository lookUp(String slug) throws RepositoryException {
        try {
            return gitHub.api().getRepository(slug);
        } catch (FileNotFoundException e) {
            throw new RepositoryException("Repository " + slug + " was not found, or the token cannot see it."
                    + " Check the spelling and that the token (or GitHub App installation) has access to it.");
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "looking up " + slug);
        }
    }

    private void refuseIfNotAllowed(String name) throws RepositoryNotAllowedException {
        var refusal = allowlist.refusal(name);
        if (refusal.isPresent()) {
            throw new RepositoryNotAllowedException(refusal.get());
        }
    }

    private static String lastSegment(String spec) {
        String path = spec.replaceAll("[/\\\\]+$", "");
        String last = path.substring(Math.max(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')), path.lastIndexOf(':')) + 1);
        return last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
    }

    /** The branch HEAD points to on the remote, or null when the remote does not say. */
    private String remoteHead(String url, CredentialsProvider credentials) throws RepositoryException {
        try {
            Map<String, Ref> refs = Git.lsRemoteRepository().setRemote(url).setCredentialsProvider(credentials).callAsMap();
            Ref head = refs.get(Constants.HEAD);
            return head != null && head.isSymbolic() ? Repository.shortenRefName(head.getTarget().getName()) : null;
        } catch (GitAPIException e) {
            throw new RepositoryException("Could not read " + url + " (" + redact(e.getMessage())
                    + "). Check the URL and that the repository exists.");
        }
    }

    // ---------------------------------------------------------------- checkout

    @Override
    public Checkout checkout(RepositoryRef repository, Path directory) throws RepositoryException {
        return checkouts.checkout(repository, directory, credentialsFor(repository));
    }

    private CredentialsProvider credentialsFor(RepositoryRef repository) throws RepositoryException {
        if (gitHub == null || repository.gitHubSlug() == null || !repository.cloneUrl().startsWith("http")) {
            return null; // never send the GitHub token to a host that is not the GitHub repository
        }
        return new UsernamePasswordCredentialsProvider("x-access-token", gitHub.auth().token());
    }

    // ---------------------------------------------------------------- patch

    @Override
    public Patch patch(Checkout checkout) throws RepositoryException {
        try (Git git = Git.open(checkout.directory().toFile())) {
            return WorkingTreeDiff.diff(git.getRepository(), ObjectId.fromString(checkout.baseCommit()));
        } catch (IOException e) {
            throw new RepositoryException("Could not compute the change of " + checkout.repository().name() + " ("
                    + e.getMessage() + ").");
        }
    }

    // ---------------------------------------------------------------- publish

    @Override
    public PullRequestRef publish(Checkout checkout, Patch patch, PullRequestRequest request) throws RepositoryException {
        RepositoryRef repository = checkout.repository();
        if (repository.gitHubSlug() == null || gitHub == null) {
            throw new RepositoryException(repository.name() + " is not a GitHub repository (or no GitHub credentials are"
                    + " set), so no pull request can be opened. The patch is in the results.");
        }
        String branch = branchName(request);
        GHRepository upstream = lookUp(repository.gitHubSlug());
        PushTarget target = settings.forkMode() ? fork(upstream) : new PushTarget(repository.gitHubSlug(),
                repository.cloneUrl(), owner(repository.gitHubSlug()));
        CredentialsProvider credentials = new UsernamePasswordCredentialsProvider("x-access-token", gitHub.auth().token());
        return lifecycle.publish(upstream, repository, target, settings.forkMode(), branch, checkout, patch, request,
                credentials);
    }

    @Override
    public PullRequestRef pullRequest(RepositoryRef repository, PullRequestRequest request) throws RepositoryException {
        if (repository.gitHubSlug() == null || gitHub == null) {
            return null;
        }
        String branch = branchName(request);
        GHRepository upstream = lookUp(repository.gitHubSlug());
        String headOwner = owner(repository.gitHubSlug());
        if (settings.forkMode()) {
            try {
                headOwner = settings.forkOrganization() != null && !settings.forkOrganization().isBlank()
                        ? settings.forkOrganization().trim() : gitHub.api().getMyself().getLogin();
            } catch (IOException | RuntimeException e) {
                throw gitHub.failure(e, "looking up the account of the token (the owner of the fork)");
            }
        }
        return lifecycle.latest(upstream, headOwner, branch);
    }

    String branchName(PullRequestRequest request) throws RepositoryException {
        String branch = CampaignName.branch(settings.branchPrefix(), request.jobName(), request.branch());
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new RepositoryException("'" + branch + "' is not a valid branch name. Choose another branch.");
        }
        return branch;
    }

    private static String owner(String slug) {
        return slug.substring(0, slug.indexOf('/'));
    }

    /**
     * Creates (or finds) the fork. github-api posts the fork request and then looks the fork up until GitHub lists
     * it; git may still need a few seconds longer, which {@link JobBranch} covers.
     */
    private PushTarget fork(GHRepository upstream) throws RepositoryException {
        String org = settings.forkOrganization() == null || settings.forkOrganization().isBlank() ? null
                : settings.forkOrganization().trim();
        try {
            GHRepositoryForkBuilder builder = upstream.createFork().defaultBranchOnly(true);
            if (org != null) {
                builder.organization(gitHub.api().getOrganization(org));
            }
            GHRepository fork = builder.create();
            return new PushTarget(fork.getFullName(), fork.getHttpTransportUrl(), fork.getOwnerName());
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "forking " + upstream.getFullName() + (org == null ? "" : " into " + org));
        }
    }

    private String redact(String text) {
        return gitHub != null ? gitHub.redact(text) : text == null ? "" : text;
    }
}
