package io.jenkins.plugins.codybatch.engine.repo;

import io.jenkins.plugins.codybatch.engine.repo.github.Sleeper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * The job's branch in the push target, seen from a checkout: what it holds now, and replacing it with one new commit
 * on the base. The push is leased on the head this run inspected, so a commit pushed after the inspection is never
 * overwritten either.
 */
final class JobBranch {

    /** Where the branch is pushed: the repository itself or the fork. */
    record PushTarget(String slug, String cloneUrl, String ownerLogin) {}

    /**
     * The branch as this run found it.
     *
     * @param head   its head commit, or null when the branch does not exist
     * @param own    the head commit is one Cody Batch made (see {@link OwnCommits})
     * @param sameTree the head commit holds exactly the tree this run would push
     */
    record State(ObjectId head, boolean own, boolean sameTree, String headSummary) {
        static final State MISSING = new State(null, false, false, null);

        boolean exists() {
            return head != null;
        }

        boolean byOthers() {
            return exists() && !own;
        }
    }

    private static final int FORK_ATTEMPTS = 6;
    private static final Duration FORK_WAIT = Duration.ofSeconds(5);

    private final OwnCommits commits;
    private final Sleeper sleeper;
    private final UnaryOperator<String> redact;
    private final String branchPrefix;

    JobBranch(OwnCommits commits, Sleeper sleeper, UnaryOperator<String> redact, String branchPrefix) {
        this.commits = commits;
        this.sleeper = sleeper;
        this.redact = redact;
        this.branchPrefix = branchPrefix;
    }

    /** The branch head in the target, or null when the branch does not exist. */
    ObjectId remoteHead(Repository repo, PushTarget target, String branch, CredentialsProvider credentials,
            boolean newFork) throws GitAPIException, RepositoryException {
        return newFork ? awaitFork(repo, target, branch, credentials) : listHead(repo, target, branch, credentials);
    }

    private static ObjectId listHead(Repository repo, PushTarget target, String branch, CredentialsProvider credentials)
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
                return listHead(repo, fork, branch, credentials);
            } catch (GitAPIException notReadyYet) {
                if (attempt == FORK_ATTEMPTS) {
                    throw notReadyYet;
                }
            }
            try {
                sleeper.sleep(FORK_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RepositoryException("Interrupted while waiting for the fork " + fork.slug() + ".");
            }
        }
    }

    /**
     * Fetches the branch head (only that commit) and tells whose it is and whether it already holds {@code tree}.
     *
     * @param remoteHead the head {@link #remoteHead} listed, or null when the branch does not exist
     */
    State inspect(Git git, PushTarget target, String branch, CredentialsProvider credentials, ObjectId tree,
            ObjectId remoteHead) throws GitAPIException, IOException {
        if (remoteHead == null) {
            return State.MISSING;
        }
        String tracking = "refs/cody-batch/remote/" + branch;
        git.fetch().setRemote(target.cloneUrl()).setCredentialsProvider(credentials).setDepth(1)
                .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + tracking)).call();
        ObjectId fetched = git.getRepository().resolve(tracking);
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit head = walk.parseCommit(fetched);
            String who = head.getAuthorIdent().getName() + (head.getCommitterIdent().getName()
                    .equals(head.getAuthorIdent().getName()) ? "" : " and " + head.getCommitterIdent().getName());
            String summary = head.abbreviate(7).name() + " by " + who + ": \"" + head.getShortMessage() + "\"";
            return new State(fetched, commits.isOwn(head), head.getTree().getId().equals(tree), summary);
        }
    }

    /** Commits {@code tree} on {@code base} and replaces the branch, leased on the head {@code found} had. */
    void replace(Repository repo, PushTarget target, String branch, ObjectId tree, ObjectId base, State found,
            PullRequestRequest request, CredentialsProvider credentials) throws RepositoryException {
        ObjectId commit;
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            commit = inserter.insert(commits.commit(tree, base, request));
            inserter.flush();
        } catch (IOException e) {
            throw new RepositoryException("Could not write the commit of " + target.slug() + " (" + e.getMessage()
                    + "). The patch is in the results.");
        }
        String remoteRef = Constants.R_HEADS + branch;
        try (Transport transport = Transport.open(repo, new URIish(target.cloneUrl()))) {
            transport.setCredentialsProvider(credentials);
            RemoteRefUpdate update = new RemoteRefUpdate(repo, null, commit, remoteRef, true, null,
                    found.exists() ? found.head() : ObjectId.zeroId());
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate done = result.getRemoteUpdate(remoteRef);
            switch (done.getStatus()) {
                case OK, UP_TO_DATE -> {
                    return;
                }
                case REJECTED_REMOTE_CHANGED -> throw new RepositoryException("The branch " + branch + " of "
                        + target.slug() + " changed while this run worked (someone else pushed to it). Run the job"
                        + " again; the patch is in the results.");
                default -> throw new RepositoryException("The push of branch " + branch + " to " + target.slug()
                        + " was refused (" + done.getStatus() + (done.getMessage() == null ? "" : ": "
                        + redact.apply(done.getMessage())) + "). The branch may be protected or a server hook rejected"
                        + " it. The patch is in the results; allow pushes to " + branchPrefix + "* branches or choose"
                        + " another branch name.");
            }
        } catch (IOException | URISyntaxException e) {
            throw new RepositoryException("The push of branch " + branch + " to " + target.slug() + " failed ("
                    + redact.apply(e.getMessage()) + "). Check that the token may write to the repository"
                    + " (contents: write). The patch is in the results.");
        }
    }
}
