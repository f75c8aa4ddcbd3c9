package io.jenkins.plugins.codybatch.engine.repo;

import io.jenkins.plugins.codybatch.engine.repo.github.CreationThrottle;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHRepositoryForkBuilder;
import org.kohsuke.github.GHTeam;
import org.kohsuke.github.GHUser;

/**
 * {@link RepositoryService} on JGit and the GitHub REST API (through github-api). The token goes to git only
 * through a credentials provider (never into a URL, .git/config or a message). No git hooks run: commits are written with an object
 * inserter and pushes go through the transport directly.
 */
public final class GitRepositoryService implements RepositoryService {

    private static final Pattern OWNER_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+");
    private static final int MAX_LISTED_FILES = 50;
    private static final int FORK_ATTEMPTS = 6;
    private static final Duration FORK_WAIT = Duration.ofSeconds(5);

    private final GitHubClient gitHub;
    private final Allowlist allowlist;
    private final RepositorySettings settings;
    private final CreationThrottle throttle;
    private final Clock clock;

    /** @param gitHub null when only local paths and git URLs are used (no resolve of owner/name, no publish) */
    public GitRepositoryService(GitHubClient gitHub, Allowlist allowlist, RepositorySettings settings) {
        this.gitHub = gitHub;
        this.allowlist = allowlist;
        this.settings = settings;
        this.clock = gitHub == null ? Clock.systemUTC() : gitHub.clock();
        this.throttle = gitHub == null ? null
                : new CreationThrottle(settings.minPullRequestInterval(), clock, gitHub.sleeper());
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
        boolean url = trimmed.contains("://") || trimmed.startsWith("git@");
        if (!url && !Files.isDirectory(Path.of(trimmed))) {
            throw new RepositoryException("'" + trimmed + "' is neither owner/name, an existing local folder nor a git URL."
                    + " Fix the repository entry.");
        }
        String name = lastSegment(trimmed);
        refuseIfNotAllowed(name);
        String cloneUrl = url ? trimmed : Path.of(trimmed).toAbsolutePath().normalize().toString();
        String base = settings.baseBranch() != null ? settings.baseBranch()
                : url ? remoteHead(cloneUrl, null) : localHead(cloneUrl);
        return new RepositoryRef(name, cloneUrl, base, false, null);
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
        requireEmpty(directory);
        CredentialsProvider credentials = credentialsFor(repository);
        String source = repository.cloneUrl();
        if (settings.mirrorCache() != null) {
            source = updateMirror(repository, credentials).toUri().toString();
        }
        CloneCommand clone = Git.cloneRepository()
                .setURI(source)
                .setDirectory(directory.toFile())
                .setDepth(1)
                .setNoTags()
                .setCredentialsProvider(source.equals(repository.cloneUrl()) ? credentials : null);
        if (repository.baseBranch() != null) {
            clone.setBranch(repository.baseBranch()).setBranchesToClone(List.of(Constants.R_HEADS + repository.baseBranch()));
        }
        try (Git git = clone.call()) {
            Repository repo = git.getRepository();
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                throw new RepositoryException("Branch '" + repository.baseBranch() + "' does not exist in " + repository.name()
                        + " (or the repository is empty). Set an existing base branch.");
            }
            if (!source.equals(repository.cloneUrl())) {
                StoredConfig config = repo.getConfig(); // pushes go to the real remote, not the mirror
                config.setString("remote", "origin", "url", repository.cloneUrl());
                config.save();
            }
            String base = repository.baseBranch() != null ? repository.baseBranch() : repo.getBranch();
            RepositoryRef resolved = new RepositoryRef(repository.name(), repository.cloneUrl(), base,
                    repository.canPush(), repository.gitHubSlug());
            return new Checkout(resolved, directory, head.name());
        } catch (GitAPIException | IOException e) {
            throw new RepositoryException("Could not clone " + repository.name() + " (" + redact(e.getMessage())
                    + "). Check that the repository and branch exist and the credentials can read it.");
        }
    }

    private static void requireEmpty(Path directory) throws RepositoryException {
        if (Files.exists(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new RepositoryException("The checkout folder " + directory + " is not empty.");
                }
            } catch (IOException e) {
                throw new RepositoryException("The checkout folder " + directory + " cannot be read: " + e.getMessage());
            }
        }
    }

    /** Fetches the base branch into a bare cache repository; clones are then made from it locally. */
    private Path updateMirror(RepositoryRef repository, CredentialsProvider credentials) throws RepositoryException {
        Path cache = settings.mirrorCache().resolve(repository.outputDirName() + ".git");
        synchronized (cache.toAbsolutePath().toString().intern()) { // one writer per cache folder
            try {
                if (Files.isDirectory(cache)) {
                    try (Git git = Git.open(cache.toFile())) {
                        git.fetch().setRemote(repository.cloneUrl()).setCredentialsProvider(credentials)
                                .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).setRemoveDeletedRefs(true).call();
                    }
                } else {
                    Files.createDirectories(settings.mirrorCache());
                    Git.cloneRepository().setURI(repository.cloneUrl()).setDirectory(cache.toFile()).setBare(true)
                            .setCredentialsProvider(credentials).setNoTags().call().close();
                }
                return cache;
            } catch (GitAPIException | IOException e) {
                throw new RepositoryException("Could not update the mirror cache of " + repository.name() + " in " + cache
                        + " (" + redact(e.getMessage()) + "). Delete that folder to rebuild it, or check access.");
            }
        }
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
            ObjectId tree = WorkingTreeDiff.stageAll(git);
            return WorkingTreeDiff.diff(git.getRepository(), ObjectId.fromString(checkout.baseCommit()), tree);
        } catch (GitAPIException | IOException e) {
            throw new RepositoryException("Could not compute the change of " + checkout.repository().name() + " ("
                    + e.getMessage() + ").");
        }
    }

    // ---------------------------------------------------------------- publish

    /** Where the branch is pushed: the repository itself or the fork. */
    private record PushTarget(String slug, String cloneUrl, String ownerLogin) {}

    @Override
    public PullRequestRef publish(Checkout checkout, Patch patch, PullRequestRequest request) throws RepositoryException {
        RepositoryRef repository = checkout.repository();
        if (repository.gitHubSlug() == null || gitHub == null) {
            throw new RepositoryException(repository.name() + " is not a GitHub repository (or no GitHub credentials are"
                    + " set), so no pull request can be opened. The patch is in the results.");
        }
        String branch = branchName(request);
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new RepositoryException("'" + branch + "' is not a valid branch name. Choose another branch.");
        }
        GHRepository upstream = lookUp(repository.gitHubSlug());
        PushTarget target = settings.forkMode() ? fork(upstream) : new PushTarget(repository.gitHubSlug(),
                repository.cloneUrl(), repository.gitHubSlug().substring(0, repository.gitHubSlug().indexOf('/')));
        CredentialsProvider credentials = new UsernamePasswordCredentialsProvider("x-access-token", gitHub.auth().token());

        boolean pushed;
        try (Git git = Git.open(checkout.directory().toFile())) {
            Repository repo = git.getRepository();
            ObjectId tree = WorkingTreeDiff.stageAll(git);
            ObjectId remoteHead = settings.forkMode() ? awaitFork(repo, target, branch, credentials)
                    : remoteBranchHead(repo, target, branch, credentials);
            if (remoteHead != null && tree.equals(fetchTree(git, target, branch, credentials))) {
                pushed = false; // same content as the branch already has: leave branch and pull request alone
            } else {
                ObjectId commit = commit(repo, tree, ObjectId.fromString(checkout.baseCommit()), request);
                push(repo, target, branch, commit, remoteHead, credentials);
                pushed = true;
            }
        } catch (GitAPIException | IOException e) {
            throw new RepositoryException("Could not prepare the branch " + branch + " of " + repository.name() + " ("
                    + redact(e.getMessage()) + "). The patch is in the results.");
        }
        return openOrUpdatePullRequest(upstream, repository, target, branch, patch, request, pushed);
    }

    String branchName(PullRequestRequest request) {
        if (request.branch() != null && !request.branch().isBlank()) {
            return request.branch().trim();
        }
        return settings.branchPrefix() + slug(request.jobName());
    }

    static String slug(String jobName) {
        String slug = (jobName == null ? "" : jobName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        slug = slug.length() > 60 ? slug.substring(0, 60).replaceAll("-+$", "") : slug;
        return slug.isEmpty() ? "job" : slug;
    }

    private ObjectId remoteBranchHead(Repository repo, PushTarget target, String branch, CredentialsProvider credentials)
            throws GitAPIException {
        Map<String, Ref> refs = new Git(repo).lsRemote().setRemote(target.cloneUrl()).setHeads(true)
                .setCredentialsProvider(credentials).callAsMap();
        Ref ref = refs.get(Constants.R_HEADS + branch);
        return ref == null ? null : ref.getObjectId();
    }

    /** GitHub creates forks in the background: a new fork may take a few seconds before git can reach it. */
    private ObjectId awaitFork(Repository repo, PushTarget fork, String branch, CredentialsProvider credentials)
            throws GitAPIException, RepositoryException {
        for (int attempt = 1; ; attempt++) {
            try {
                return remoteBranchHead(repo, fork, branch, credentials);
            } catch (GitAPIException notReadyYet) {
                if (attempt == FORK_ATTEMPTS) {
                    throw notReadyYet;
                }
            }
            try {
                gitHub.sleeper().sleep(FORK_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RepositoryException("Interrupted while waiting for the fork " + fork.slug() + ".");
            }
        }
    }

    private static ObjectId fetchTree(Git git, PushTarget target, String branch, CredentialsProvider credentials)
            throws GitAPIException, IOException {
        String tracking = "refs/cody-batch/remote/" + branch;
        git.fetch().setRemote(target.cloneUrl()).setCredentialsProvider(credentials).setDepth(1)
                .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + tracking)).call();
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.parseCommit(git.getRepository().resolve(tracking)).getTree().getId();
        }
    }

    private ObjectId commit(Repository repo, ObjectId tree, ObjectId parent, PullRequestRequest request) throws IOException {
        PersonIdent author = new PersonIdent(settings.authorName(), settings.authorEmail(), clock.instant(), ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentId(parent);
        commit.setAuthor(author);
        commit.setCommitter(author);
        commit.setEncoding(StandardCharsets.UTF_8);
        commit.setMessage(commitMessage(request));
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    String commitMessage(PullRequestRequest request) {
        StringBuilder message = new StringBuilder(request.jobName() == null ? "Cody Batch change" : request.jobName());
        if (request.summary() != null && !request.summary().isBlank()) {
            message.append("\n\n").append(request.summary().strip());
        }
        if (settings.skipCi()) {
            message.append("\n\n[skip ci]");
        }
        return message.append('\n').toString();
    }

    /** Force-with-lease: replaces our branch only if it still points where we saw it (or still does not exist). */
    private void push(Repository repo, PushTarget target, String branch, ObjectId commit, ObjectId expectedOld,
            CredentialsProvider credentials) throws RepositoryException {
        String remoteRef = Constants.R_HEADS + branch;
        try (Transport transport = Transport.open(repo, new URIish(target.cloneUrl()))) {
            transport.setCredentialsProvider(credentials);
            RemoteRefUpdate update = new RemoteRefUpdate(repo, null, commit, remoteRef, true, null,
                    expectedOld == null ? ObjectId.zeroId() : expectedOld);
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate done = result.getRemoteUpdate(remoteRef);
            switch (done.getStatus()) {
                case OK, UP_TO_DATE -> {
                    return;
                }
                case REJECTED_REMOTE_CHANGED -> throw new RepositoryException("The branch " + branch + " of " + target.slug()
                        + " changed while this run worked (someone else pushed to it). Run the job again;"
                        + " the patch is in the results.");
                default -> throw new RepositoryException("The push of branch " + branch + " to " + target.slug()
                        + " was refused (" + done.getStatus() + (done.getMessage() == null ? "" : ": " + redact(done.getMessage()))
                        + "). The branch may be protected or a server hook rejected it. The patch is in the results;"
                        + " allow pushes to " + settings.branchPrefix() + "* branches or choose another branch name.");
            }
        } catch (IOException | URISyntaxException e) {
            throw new RepositoryException("The push of branch " + branch + " to " + target.slug() + " failed ("
                    + redact(e.getMessage()) + "). Check that the token may write to the repository (contents: write)."
                    + " The patch is in the results.");
        }
    }

    /**
     * Creates (or finds) the fork. github-api posts the fork request and then looks the fork up until GitHub lists
     * it; git may still need a few seconds longer, which {@link #awaitFork} covers.
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

    private PullRequestRef openOrUpdatePullRequest(GHRepository upstream, RepositoryRef repository, PushTarget target,
            String branch, Patch patch, PullRequestRequest request, boolean pushed) throws RepositoryException {
        String slug = repository.gitHubSlug();
        String head = target.ownerLogin() + ":" + branch;
        List<GHPullRequest> open;
        try {
            open = upstream.queryPullRequests().state(GHIssueState.OPEN).head(head).list().toList();
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "looking for the open pull request of " + branch + " in " + slug);
        }
        String title = title(request);
        String body = body(patch, request);
        if (!open.isEmpty()) {
            GHPullRequest existing = open.get(0);
            String url = existing.getHtmlUrl().toString();
            if (!pushed) {
                return new PullRequestRef(url, existing.getNumber(), "unchanged");
            }
            try {
                existing.setTitle(title);
                existing.setBody(body);
            } catch (IOException | RuntimeException e) {
                throw gitHub.failure(e, "updating pull request #" + existing.getNumber() + " of " + slug);
            }
            return new PullRequestRef(url, existing.getNumber(), "updated");
        }
        throttle.awaitTurn();
        GHPullRequest created;
        try {
            created = upstream.createPullRequest(title, target.slug().equals(slug) ? branch : head,
                    repository.baseBranch(), body, true, request.draft());
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "opening the pull request from " + branch + " into " + repository.baseBranch()
                    + " of " + slug + " (the branch was pushed; the patch is in the results)");
        }
        String url = created.getHtmlUrl().toString();
        return new PullRequestRef(url, created.getNumber(), "created", addExtras(created, url, request));
    }

    /**
     * Labels, assignees and reviewers are set once, on creation, so people may change them afterwards. The pull
     * request exists by now, so a refusal does not fail the repository: it comes back as the warning (null if none).
     */
    private String addExtras(GHPullRequest pr, String url, PullRequestRequest request) {
        String context = " of the new pull request " + url;
        List<String> problems = new ArrayList<>();
        if (request.labels() != null && !request.labels().isEmpty()) {
            attempt(problems, "adding labels" + context, () -> pr.addLabels(request.labels().toArray(String[]::new)));
        }
        if (request.assignees() != null && !request.assignees().isEmpty()) {
            attempt(problems, "adding assignees" + context, () -> pr.addAssignees(users(request.assignees())));
        }
        List<String> users = request.reviewers() == null ? List.of()
                : request.reviewers().stream().filter(r -> !r.contains("/")).toList();
        List<String> teams = request.reviewers() == null ? List.of()
                : request.reviewers().stream().filter(r -> r.contains("/")).toList();
        if (!users.isEmpty()) {
            attempt(problems, "requesting reviewers" + context, () -> pr.requestReviewers(users(users)));
        }
        if (!teams.isEmpty()) {
            attempt(problems, "requesting team reviewers" + context, () -> pr.requestTeamReviewers(teams(teams)));
        }
        return problems.isEmpty() ? null : String.join(" ", problems);
    }

    private interface GitHubCall {
        void run() throws IOException;
    }

    private void attempt(List<String> problems, String what, GitHubCall call) {
        try {
            call.run();
        } catch (IOException | RuntimeException e) {
            problems.add(gitHub.failure(e, what).getMessage());
        }
    }

    private List<GHUser> users(List<String> logins) throws IOException {
        List<GHUser> users = new ArrayList<>();
        for (String login : logins) {
            users.add(gitHub.api().getUser(login.trim()));
        }
        return users;
    }

    /** "org/team-slug" entries. */
    private List<GHTeam> teams(List<String> entries) throws IOException {
        List<GHTeam> teams = new ArrayList<>();
        for (String entry : entries) {
            String org = entry.substring(0, entry.indexOf('/')).trim();
            String slug = entry.substring(entry.indexOf('/') + 1).trim();
            GHTeam team = gitHub.api().getOrganization(org).getTeamBySlug(slug);
            if (team == null) {
                throw new FileNotFoundException("team " + entry);
            }
            teams.add(team);
        }
        return teams;
    }

    static String title(PullRequestRequest request) {
        return request.jobName() == null || request.jobName().isBlank() ? "Cody Batch change" : request.jobName().strip();
    }

    static String body(Patch patch, PullRequestRequest request) {
        StringBuilder body = new StringBuilder();
        if (request.summary() != null && !request.summary().isBlank()) {
            body.append(request.summary().strip()).append("\n\n");
        }
        body.append("### Files changed (").append(patch.filesChanged().size()).append(")\n\n");
        patch.filesChanged().stream().limit(MAX_LISTED_FILES).forEach(f -> body.append("- `").append(f).append("`\n"));
        if (patch.filesChanged().size() > MAX_LISTED_FILES) {
            body.append("- … and ").append(patch.filesChanged().size() - MAX_LISTED_FILES).append(" more\n");
        }
        if (request.body() != null && !request.body().isBlank()) {
            body.append('\n').append(request.body().strip()).append('\n');
        }
        if (request.buildUrl() != null && !request.buildUrl().isBlank()
                && (request.body() == null || !request.body().contains(request.buildUrl()))) {
            body.append("\nBuild: ").append(request.buildUrl()).append('\n');
        }
        return body.append("\n---\nOpened by Cody Batch for the job \"").append(title(request))
                .append("\". A re-run of the job updates this pull request.\n").toString();
    }

    private String redact(String text) {
        return gitHub != null ? gitHub.redact(text) : text == null ? "" : text;
    }

}
