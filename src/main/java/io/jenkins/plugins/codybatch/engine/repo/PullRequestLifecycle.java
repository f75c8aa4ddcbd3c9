package io.jenkins.plugins.codybatch.engine.repo;

import io.jenkins.plugins.codybatch.engine.repo.JobBranch.PushTarget;
import io.jenkins.plugins.codybatch.engine.repo.github.CreationThrottle;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTeam;
import org.kohsuke.github.GHUser;

/**
 * One pull request per job and repository for the life of the job (docs/pull-requests.md has the table). Each run
 * looks at the job's pull requests and branch, then:
 * <ul>
 *   <li>an open pull request whose branch holds only Cody Batch's commits is rebuilt on the new base and updated
 *       (or left alone when it already holds the change);
 *   <li>a branch holding commits by others is never force-pushed: the pull request is kept as it is;
 *   <li>a pull request closed without merging stays closed while its branch exists, unless the job asks to
 *       recreate closed ones;
 *   <li>otherwise (none yet, the last one merged, or the branch of a closed one deleted) a new one is opened.
 * </ul>
 * After the run the pull request's state is read back from GitHub.
 */
final class PullRequestLifecycle {

    private final GitHubClient gitHub;
    private final JobBranch branches;
    private final PullRequestStates states;
    private final CreationThrottle throttle;

    PullRequestLifecycle(GitHubClient gitHub, JobBranch branches, CreationThrottle throttle) {
        this.gitHub = gitHub;
        this.branches = branches;
        this.states = new PullRequestStates(gitHub);
        this.throttle = throttle;
    }

    PullRequestRef publish(GHRepository upstream, RepositoryRef repository, PushTarget target, boolean newFork,
            String branch, Checkout checkout, Patch patch, PullRequestRequest request, CredentialsProvider credentials)
            throws RepositoryException {
        List<GHPullRequest> all = pullRequests(upstream, target.ownerLogin(), branch);
        GHPullRequest open = all.stream().filter(pr -> pr.getState() == GHIssueState.OPEN).findFirst().orElse(null);
        GHPullRequest latest = all.isEmpty() ? null : all.get(0);
        try (Git git = Git.open(checkout.directory().toFile())) {
            ObjectId tree = WorkingTreeDiff.stageAll(git);
            ObjectId head = branches.remoteHead(git.getRepository(), target, branch, credentials, newFork);
            JobBranch.State found = branches.inspect(git, target, branch, credentials, tree, head);
            ObjectId base = ObjectId.fromString(checkout.baseCommit());
            if (open != null) {
                if (found.byOthers()) {
                    return states.read(upstream, open, PullRequestRef.KEPT, kept(found, branch), null);
                }
                if (found.exists() && found.sameTree()) {
                    return states.read(upstream, open, PullRequestRef.UNCHANGED, null, null);
                }
                branches.replace(git.getRepository(), target, branch, tree, base, found, request, credentials);
                update(open, patch, request, repository);
                return states.read(upstream, open, PullRequestRef.UPDATED, null, null);
            }
            if (latest != null && closedUnmerged(latest) && found.exists() && !request.recreateClosed()) {
                return states.read(upstream, latest, PullRequestRef.LEFT_CLOSED, leftClosed(latest, branch), null);
            }
            if (found.byOthers()) {
                if (latest == null) {
                    throw new RepositoryException("The branch " + branch + " of " + target.slug() + " already exists with"
                            + " commits Cody Batch did not make (" + found.headSummary() + ") and no pull request of"
                            + " this job; it was left alone. The patch is in the results; give the job another name or"
                            + " branch, or delete that branch.");
                }
                return states.read(upstream, latest, PullRequestRef.KEPT, kept(found, branch), null);
            }
            branches.replace(git.getRepository(), target, branch, tree, base, found, request, credentials);
        } catch (GitAPIException | IOException e) {
            throw new RepositoryException("Could not prepare the branch " + branch + " of " + repository.name() + " ("
                    + gitHub.redact(e.getMessage()) + "). The patch is in the results.");
        }
        GHPullRequest created = create(upstream, repository, target, branch, patch, request);
        String warning = addExtras(created, created.getHtmlUrl().toString(), request);
        return states.read(upstream, created, PullRequestRef.CREATED, null, warning);
    }

    /** The job's newest pull request in the repository with its state, for a run that has nothing to push. */
    PullRequestRef latest(GHRepository upstream, String headOwner, String branch) throws RepositoryException {
        List<GHPullRequest> all = pullRequests(upstream, headOwner, branch);
        return all.isEmpty() ? null : states.read(upstream, all.get(0), PullRequestRef.UNCHANGED, null, null);
    }

    /** Every pull request from the job's branch, newest first. */
    private List<GHPullRequest> pullRequests(GHRepository upstream, String headOwner, String branch)
            throws RepositoryException {
        try {
            List<GHPullRequest> all = new ArrayList<>(upstream.queryPullRequests().state(GHIssueState.ALL)
                    .head(headOwner + ":" + branch).list().toList());
            all.sort(Comparator.comparingInt(GHPullRequest::getNumber).reversed());
            return all;
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "looking for the pull requests of " + branch + " in " + upstream.getFullName());
        }
    }

    private static boolean closedUnmerged(GHPullRequest pr) {
        return pr.getState() == GHIssueState.CLOSED && pr.getMergedAt() == null;
    }

    static String kept(JobBranch.State found, String branch) {
        return "kept: the branch has commits by others (" + found.headSummary() + "), so it was not force-pushed and"
                + " the pull request was left as it is; this run's change is in patch.diff. To let the job take the"
                + " branch back, reset " + branch + " to Cody Batch's last commit or delete it (docs/pull-requests.md).";
    }

    static String leftClosed(GHPullRequest pr, String branch) {
        return "left closed: pull request #" + pr.getNumber() + " was closed without merging, so no new one was opened;"
                + " this run's change is in patch.diff. To open a new one, set recreateClosedPullRequests (CLI:"
                + " --recreate-closed) or delete the branch " + branch + ".";
    }

    private void update(GHPullRequest pr, Patch patch, PullRequestRequest request, RepositoryRef repository)
            throws RepositoryException {
        String title = PullRequestText.title(request);
        String body = PullRequestText.body(patch, request, repository.baseBranch());
        try { // only what changed: each edit is a content-creating request
            if (!title.equals(pr.getTitle())) {
                throttle.awaitTurn();
                pr.setTitle(title);
            }
            if (!body.equals(pr.getBody())) {
                throttle.awaitTurn();
                pr.setBody(body);
            }
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "updating pull request #" + pr.getNumber() + " of " + repository.gitHubSlug());
        }
    }

    private GHPullRequest create(GHRepository upstream, RepositoryRef repository, PushTarget target, String branch,
            Patch patch, PullRequestRequest request) throws RepositoryException {
        String slug = repository.gitHubSlug();
        throttle.awaitTurn();
        try {
            return upstream.createPullRequest(PullRequestText.title(request),
                    target.slug().equals(slug) ? branch : target.ownerLogin() + ":" + branch, repository.baseBranch(),
                    PullRequestText.body(patch, request, repository.baseBranch()), true, request.draft());
        } catch (IOException | RuntimeException e) {
            throw gitHub.failure(e, "opening the pull request from " + branch + " into " + repository.baseBranch()
                    + " of " + slug + " (the branch was pushed; the patch is in the results)");
        }
    }

    /**
     * Labels, assignees and reviewers are set once, on creation, so people may change them afterwards. The pull
     * request exists by now, so a refusal does not fail the repository: it comes back as the warning (null if none).
     */
    private String addExtras(GHPullRequest pr, String url, PullRequestRequest request) throws RepositoryException {
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

    private void attempt(List<String> problems, String what, GitHubCall call) throws RepositoryException {
        throttle.awaitTurn();
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
}
