package io.jenkins.plugins.codybatch.engine.repo;

import static io.jenkins.plugins.codybatch.engine.repo.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.repo.github.TokenAuth;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's pull request over several runs of the service, with people acting in between on a fake GitHub backed by
 * a real bare repository (docs/pull-requests.md, "The life of a job's pull request").
 */
class PullRequestLifecycleTest {

    static final String TOKEN = "ghp_fakeToken1234567890";
    static final String SLUG = "acme/widgets";
    static final String BRANCH = "cody-batch/nightly-readme";

    @TempDir Path temp;
    final MockWebServer server = new MockWebServer();
    final FakeGitHub gitHub = new FakeGitHub();
    final FakeTime time = new FakeTime();
    final GitHubPerson rita = new GitHubPerson(gitHub, "rita");
    final GitHubPerson ci = new GitHubPerson(gitHub, "ci-bot");
    Path origin;
    Path seed;
    int workDirs;

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(gitHub);
        server.start();
        seed = GitCli.repoWith(temp.resolve("seed"), Map.of(
                "README.md", "# Widgets\n".getBytes(StandardCharsets.UTF_8),
                "src/Main.java", "class Main {}\n".getBytes(StandardCharsets.UTF_8)));
        origin = temp.resolve("widgets.git");
        git(temp, "clone", "-q", "--bare", seed.toString(), origin.toString());
        gitHub.addRepo(SLUG, origin.toUri().toString(), true);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    GitRepositoryService service() {
        GitHubClient client = new GitHubClient(server.url("/").toString(), new TokenAuth(TOKEN), new OkHttpClient(), time,
                time, Duration.ofMinutes(15));
        return new GitRepositoryService(client, Allowlist.allowAll(), RepositorySettings.defaults());
    }

    static PullRequestRequest request(boolean recreateClosed) {
        return new PullRequestRequest("Nightly README", null, "Rewrote the README title.", "Cost: $0.0100", null, false,
                List.of(), List.of(), List.of(), recreateClosed, null);
    }

    /** One nightly run: clone the base, write README.md as the model would, publish. */
    PullRequestRef nightly(String readme, boolean recreateClosed) throws Exception {
        GitRepositoryService service = service();
        Checkout checkout = service.checkout(service.resolve(SLUG), temp.resolve("work" + workDirs++));
        Files.writeString(checkout.directory().resolve("README.md"), readme);
        return service.publish(checkout, service.patch(checkout), request(recreateClosed));
    }

    PullRequestRef nightly(String readme) throws Exception {
        return nightly(readme, false);
    }

    void mainMovesOn(String file, String content) throws Exception {
        Files.writeString(seed.resolve(file), content);
        git(seed, "commit", "-q", "-am", "main moves on");
        git(seed, "push", "-q", origin.toString(), "HEAD:main");
    }

    @Test
    void aReRunUpdatesTheSamePullRequestAndRebuildsItOnTheNewBase() throws Exception {
        assertThat(nightly("# Widgets v2\n").action()).isEqualTo("created");
        mainMovesOn("src/Main.java", "class Main { int v = 2; }\n");

        PullRequestRef again = nightly("# Widgets v2\n");

        assertThat(again.action()).isEqualTo("updated");
        assertThat(again.number()).isEqualTo(1);
        assertThat(gitHub.pulls).hasSize(1);
        String head = gitHub.branchHead(SLUG, BRANCH);
        assertThat(git(origin, "rev-parse", head + "^")).isEqualTo(git(origin, "rev-parse", "main"));
        assertThat(git(origin, "show", BRANCH + ":src/Main.java")).isEqualTo("class Main { int v = 2; }");
        assertThat(BareRepos.show(origin, head)).startsWith("Cody Batch <cody-batch@users.noreply.github.com>"
                + " / Cody Batch <cody-batch@users.noreply.github.com>").endsWith("Cody-Batch-Job: Nightly README");
    }

    @Test
    void aReviewersCommitIsNeverForcePushedUntilTheBranchIsResetToCodyBatchsCommit() throws Exception {
        nightly("# Widgets v2\n");
        String ours = gitHub.branchHead(SLUG, BRANCH);
        String theirs = rita.pushCommit(SLUG, BRANCH, "docs/NOTE.md", "Reviewed.\n", "Add a review note");
        String bodyBefore = gitHub.pull(SLUG, 1).path("body").asText();

        PullRequestRef kept = nightly("# Widgets v3\n");

        assertThat(kept.action()).isEqualTo("kept");
        assertThat(kept.number()).isEqualTo(1);
        assertThat(kept.state()).isEqualTo("open");
        assertThat(kept.reason()).startsWith("kept: the branch has commits by others (" + theirs.substring(0, 7)
                + " by rita: \"Add a review note\")").contains("this run's change is in patch.diff",
                "reset " + BRANCH + " to Cody Batch's last commit or delete it");
        assertThat(gitHub.branchHead(SLUG, BRANCH)).isEqualTo(theirs);
        assertThat(gitHub.pull(SLUG, 1).path("body").asText()).isEqualTo(bodyBefore);
        assertThat(gitHub.calls("PATCH", "/repos/acme/widgets/pulls")).isEmpty();

        // main moving on changes nothing: the branch still holds rita's commit
        mainMovesOn("src/Main.java", "class Main { int v = 3; }\n");
        assertThat(nightly("# Widgets v3\n").action()).isEqualTo("kept");

        // rita gives the branch back: reset to Cody Batch's last commit; the next run rebuilds it again
        rita.resetBranch(SLUG, BRANCH, ours);
        PullRequestRef back = nightly("# Widgets v3\n");

        assertThat(back.action()).isEqualTo("updated");
        assertThat(back.number()).isEqualTo(1);
        assertThat(git(origin, "show", BRANCH + ":README.md")).isEqualTo("# Widgets v3");
        assertThat(gitHub.pulls).hasSize(1);
    }

    @Test
    void ourCommitAmendedByAPersonIsTheirsNow() throws Exception {
        nightly("# Widgets v2\n");
        Path clone = temp.resolve("rita-clone");
        git(temp, "clone", "-q", "--branch", BRANCH, origin.toUri().toString(), clone.toString());
        // amend keeps the author (Cody Batch) and the trailer, but the committer is rita
        git(clone, "-c", "user.name=rita", "-c", "user.email=rita@users.noreply.github.com", "commit", "-q", "--amend",
                "--no-edit");
        git(clone, "push", "-q", "--force", "origin", "HEAD:" + BRANCH);
        String amended = git(clone, "rev-parse", "HEAD");

        PullRequestRef run = nightly("# Widgets v3\n");

        assertThat(run.action()).isEqualTo("kept");
        assertThat(run.reason()).contains("by Cody Batch and rita");
        assertThat(gitHub.branchHead(SLUG, BRANCH)).isEqualTo(amended);
    }

    @Test
    void aPullRequestClosedWithoutMergingStaysClosedUntilTheJobOptsInOrTheBranchIsDeleted() throws Exception {
        nightly("# Widgets v2\n");
        String head = gitHub.branchHead(SLUG, BRANCH);
        rita.close(SLUG, 1);

        PullRequestRef closed = nightly("# Widgets v3\n");

        assertThat(closed.action()).isEqualTo("left-closed");
        assertThat(closed.number()).isEqualTo(1);
        assertThat(closed.state()).isEqualTo("closed");
        assertThat(closed.reason()).isEqualTo("left closed: pull request #1 was closed without merging, so no new one was"
                + " opened; this run's change is in patch.diff. To open a new one, set recreateClosedPullRequests (CLI:"
                + " --recreate-closed) or delete the branch " + BRANCH + ".");
        assertThat(gitHub.branchHead(SLUG, BRANCH)).isEqualTo(head); // not even the branch was touched
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/pulls")).hasSize(1);
        assertThat(gitHub.pull(SLUG, 1).path("state").asText()).isEqualTo("closed"); // never reopened

        PullRequestRef recreated = nightly("# Widgets v3\n", true);

        assertThat(recreated.action()).isEqualTo("created");
        assertThat(recreated.number()).isEqualTo(2);
        assertThat(recreated.state()).isEqualTo("open");

        // closing #2 and deleting its branch is the other way to let the job open a new one
        rita.close(SLUG, 2);
        rita.deleteBranch(SLUG, BRANCH);
        PullRequestRef afterDelete = nightly("# Widgets v4\n");

        assertThat(afterDelete.action()).isEqualTo("created");
        assertThat(afterDelete.number()).isEqualTo(3);
        assertThat(gitHub.pull(SLUG, 1).path("state").asText()).isEqualTo("closed");
        assertThat(gitHub.pull(SLUG, 2).path("state").asText()).isEqualTo("closed");
    }

    @Test
    void afterAMergeTheStateIsReportedAndANewChangeOpensANewPullRequestOnTheNewBase() throws Exception {
        nightly("# Widgets v2\n");
        String merge = rita.merge(SLUG, 1);
        GitRepositoryService service = service();
        RepositoryRef ref = service.resolve(SLUG);

        PullRequestRef merged = service.pullRequest(ref, request(false));

        assertThat(merged.number()).isEqualTo(1);
        assertThat(merged.action()).isEqualTo("unchanged");
        assertThat(merged.state()).isEqualTo("merged");
        assertThat(merged.checks()).isNull(); // only read for open pull requests

        PullRequestRef next = nightly("# Widgets v3\n");

        assertThat(next.action()).isEqualTo("created");
        assertThat(next.number()).isEqualTo(2);
        assertThat(git(origin, "rev-parse", gitHub.branchHead(SLUG, BRANCH) + "^")).isEqualTo(merge);
        assertThat(gitHub.pull(SLUG, 1).path("merged_at").isNull()).isFalse();
    }

    @Test
    void aBranchOfTheSameNameWithAPersonsCommitsAndNoPullRequestFailsOnlyThisRepositoryAndIsLeftAlone() throws Exception {
        git(seed, "push", "-q", origin.toString(), "HEAD:refs/heads/" + BRANCH);
        String theirs = rita.pushCommit(SLUG, BRANCH, "x.txt", "x\n", "Rita's own work");

        assertThatThrownBy(() -> nightly("# Widgets v2\n"))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("The branch " + BRANCH + " of acme/widgets already exists with commits Cody Batch"
                        + " did not make")
                .hasMessageContaining("The patch is in the results");
        assertThat(gitHub.branchHead(SLUG, BRANCH)).isEqualTo(theirs);
        assertThat(gitHub.pulls).isEmpty();
    }

    @Test
    void theStateAfterTheRunHasReviewDecisionCombinedChecksAndConflicts() throws Exception {
        nightly("# Widgets v2\n");
        new GitHubPerson(gitHub, "olga").review(SLUG, 1, "APPROVED");
        rita.review(SLUG, 1, "APPROVED");
        rita.review(SLUG, 1, "CHANGES_REQUESTED");
        rita.review(SLUG, 1, "COMMENTED"); // a comment does not lift rita's request
        ci.commitStatus(SLUG, 1, "ci/build", "failure");
        ci.commitStatus(SLUG, 1, "ci/build", "success"); // the newest status of a context counts
        ci.commitStatus(SLUG, 1, "ci/lint", "pending");
        ci.checkRun(SLUG, 1, "test", "completed", "success");

        PullRequestRef pending = nightly("# Widgets v2\n");

        assertThat(pending.action()).isEqualTo("unchanged");
        assertThat(List.of(pending.state(), pending.reviewDecision(), pending.checks()))
                .containsExactly("open", "changes_requested", "pending");
        assertThat(pending.mergeable()).isTrue();
        assertThat(pending.blockers()).containsExactly("changes requested");

        ci.checkRun(SLUG, 1, "integration", "completed", "timed_out");
        rita.review(SLUG, 1, "APPROVED");
        PullRequestRef failing = nightly("# Widgets v2\n");

        assertThat(List.of(failing.reviewDecision(), failing.checks())).containsExactly("approved", "failure");

        // a person's commit keeps the branch; main then changes the same line: the pull request conflicts
        rita.pushCommit(SLUG, BRANCH, "docs/NOTE.md", "x\n", "note");
        mainMovesOn("README.md", "# Widgets, renamed on main\n");
        PullRequestRef conflicting = nightly("# Widgets v3\n");

        assertThat(conflicting.action()).isEqualTo("kept");
        assertThat(conflicting.mergeable()).isFalse();
        assertThat(conflicting.checks()).isEqualTo("none"); // statuses belong to the earlier head commit
        assertThat(conflicting.blockers()).containsExactly("conflicts");

        gitHub.mergeableOverride.put(1, null); // GitHub has not computed it yet: absent, not false
        assertThat(nightly("# Widgets v3\n").mergeable()).isNull();
    }
}
