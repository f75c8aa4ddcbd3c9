package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pull request flags the step has, through the real CLI and engine, observed where they land: on the fake
 * GitHub (the pull request, its labels, reviewers and assignees, the fork) and in the real bare repositories (the
 * branch, its base, the commit message).
 */
class CliPullRequestOptionsTest extends CliTestBase {

    Path seed;
    Path bare;

    @BeforeEach
    void widgets() throws Exception {
        seed = localRepo("widgets");
        bare = tmp.resolve("widgets.git");
        git(tmp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        gitHub.addRepo("acme/widgets", bare.toUri().toString(), true);
        env.put("GITHUB_TOKEN", TOKEN);
    }

    @Test
    void draftLabelsReviewersAssigneesBranchBaseBranchAndSkipCiReachGitHub() throws Exception {
        Files.writeString(seed.resolve("README.md"), "Hello from the develop branch\n");
        git(seed, "commit", "-q", "-am", "develop moves on");
        git(seed, "push", "-q", bare.toString(), "HEAD:refs/heads/develop");
        String develop = git(bare, "rev-parse", "develop").trim();
        gitHub.ownerType("alice", "User").ownerType("bob", "User").ownerType("carol", "User");

        int code = run("--repo", "acme/widgets", "--prompt", "Greet Cody", "--create-prs", "--draft",
                "--labels", "automated,deps", "--reviewers", "alice", "--assignees", "bob", "--assignees", "carol",
                "--branch", "cody/greeting", "--base-branch", "develop", "--skip-ci",
                "--output", tmp.resolve("out").toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(gitHub.pulls).hasSize(1);
        ObjectNode pr = gitHub.pull("acme/widgets", 1);
        assertThat(pr.path("draft").asBoolean()).isTrue();
        assertThat(pr.path("head").path("ref").asText()).isEqualTo("cody/greeting");
        assertThat(pr.path("base").path("ref").asText()).isEqualTo("develop");
        assertThat(body("POST", "/repos/acme/widgets/issues/1/labels").path("labels").toString())
                .isEqualTo("[\"automated\",\"deps\"]");
        assertThat(body("POST", "/repos/acme/widgets/pulls/1/requested_reviewers").path("reviewers").toString())
                .isEqualTo("[\"alice\"]");
        assertThat(body("POST", "/repos/acme/widgets/issues/1/assignees").path("assignees").toString())
                .isEqualTo("[\"bob\",\"carol\"]");
        // the change starts from develop, and its commit asks CI to stay quiet
        assertThat(git(bare, "rev-parse", "cody/greeting^").trim()).isEqualTo(develop);
        assertThat(git(bare, "show", "cody/greeting:README.md")).isEqualTo("Hello, Cody from the develop branch\n");
        assertThat(git(bare, "log", "-1", "--format=%B", "cody/greeting")).contains("[skip ci]");
        JsonNode recorded = json(tmp.resolve("out/summary.json")).path("job").path("pull_requests");
        assertThat(recorded.path("draft").asBoolean()).isTrue();
        assertThat(recorded.path("base_branch").asText()).isEqualTo("develop");
        assertThat(recorded.path("assignees").toString()).isEqualTo("[\"bob\",\"carol\"]");
        assertThat(out.toString()).contains("PR created https://github.com/acme/widgets/pull/1 (open, draft, no checks)");
    }

    @Test
    void withForkARepositoryTheTokenMayNotPushToGetsItsPullRequestFromAFork() throws Exception {
        Path forkBare = tmp.resolve("fork.git");
        git(tmp, "clone", "-q", "--bare", bare.toString(), forkBare.toString());
        gitHub.addRepo("acme/readonly", bare.toUri().toString(), false);
        gitHub.ownerType("acme-forks", "Organization");
        gitHub.addRepo("acme-forks/readonly", forkBare.toUri().toString(), true).put("fork", true);

        int without = run("--repo", "acme/readonly", "--prompt", "Greet Cody", "--create-prs", "--name", "greet",
                "--output", tmp.resolve("first").toString());
        assertThat(without).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(json(tmp.resolve("first/repos/acme__readonly/result.json")).path("error").asText())
                .contains("No pull request: the GitHub token may not push to acme/readonly");
        assertThat(gitHub.pulls).isEmpty();

        int code = run("--repo", "acme/readonly", "--prompt", "Greet Cody", "--create-prs", "--name", "greet",
                "--fork", "--fork-organization", "acme-forks", "--output", tmp.resolve("second").toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(body("POST", "/repos/acme/readonly/forks").path("organization").asText()).isEqualTo("acme-forks");
        assertThat(gitHub.pulls).hasSize(1);
        ObjectNode pr = gitHub.pull("acme/readonly", 1);
        assertThat(pr.path("head").path("label").asText()).isEqualTo("acme-forks:cody-batch/greet");
        assertThat(git(forkBare, "show", "cody-batch/greet:README.md")).isEqualTo("Hello, Cody from widgets\n");
        assertThat(git(bare, "branch", "--list", "cody-batch/greet")).isBlank(); // nothing pushed upstream
        JsonNode recorded = json(tmp.resolve("second/summary.json")).path("job").path("pull_requests");
        assertThat(recorded.path("fork").asBoolean()).isTrue();
        assertThat(recorded.path("fork_organization").asText()).isEqualTo("acme-forks");
    }

    @Test
    void pullRequestFlagsWithoutCreatePrsAreOneLineErrorsNamingTheFlag() throws Exception {
        String out = tmp.resolve("out").toString();
        assertOneLineUsageError(run("--repo", "acme/widgets", "--prompt", "x", "--draft", "--output", out),
                err.toString(), "--draft applies to pull requests; add --create-prs");
        assertOneLineUsageError(run("--repo", "acme/widgets", "--prompt", "x", "--create-prs", "--fork-organization",
                "acme-forks", "--output", out), err.toString(), "--fork-organization says where to fork; add --fork");
        assertOneLineUsageError(run("--repo", "acme/widgets", "--prompt", "x", "--create-prs", "--branch", "a..b",
                "--output", out), err.toString(), "--branch 'a..b' is not a valid git branch name");
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(anthropicServer.getRequestCount()).isZero();
    }

    private JsonNode body(String method, String path) {
        FakeGitHub.Call call = gitHub.calls(method, path).stream().filter(c -> c.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + method + " " + path + " in " + gitHub.calls));
        return call.body();
    }
}
