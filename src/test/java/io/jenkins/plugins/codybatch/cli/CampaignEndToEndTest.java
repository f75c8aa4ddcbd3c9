package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic.Mode;
import io.jenkins.plugins.codybatch.engine.repo.CampaignName;
import io.jenkins.plugins.codybatch.engine.repo.GitHubPerson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A nightly campaign through the command line: the same `cody-batch run` several times, with people acting on the
 * fake GitHub and its real bare repository in between. One test per event of the pull request's life
 * (docs/pull-requests.md).
 */
class CampaignEndToEndTest extends CliTestBase {

    static final String PROMPT = "Greet Cody in the README";
    static final String SLUG = "acme/widgets";
    final String name = CampaignName.fromPrompt(PROMPT);
    final String branch = "cody-batch/" + name;
    final GitHubPerson rita = new GitHubPerson(gitHub, "rita");
    final GitHubPerson ci = new GitHubPerson(gitHub, "ci-bot");
    Path seed;
    Path bare;
    int night;

    @BeforeEach
    void widgets() throws Exception {
        seed = localRepo("widgets");
        bare = tmp.resolve("widgets.git");
        git(tmp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        gitHub.addRepo(SLUG, bare.toUri().toString(), true);
        env.put("GITHUB_TOKEN", TOKEN);
        anthropic.defaultMode(Mode.GREET_ONCE);
    }

    /** One night's run of the scheduled job (no --name: the default must stay the same), into its own folder. */
    int nightly(String... extra) {
        night++;
        List<String> args = new ArrayList<>(List.of("--repo", SLUG, "--prompt", PROMPT, "--create-prs",
                "--output", tmp.resolve("night" + night).toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    JsonNode result() throws Exception {
        return json(tmp.resolve("night" + night + "/repos/acme__widgets/result.json"));
    }

    JsonNode pr() throws Exception {
        return result().path("pull_request");
    }

    void mainMovesOn(String file, String content) throws Exception {
        Files.writeString(seed.resolve(file), content);
        git(seed, "commit", "-q", "-am", "main moves on");
        git(seed, "push", "-q", bare.toString(), "HEAD:main");
    }

    @Test
    void reRunsWithoutANameUpdateOnePullRequestWhoseTitleAndBodyReadWell() throws Exception {
        assertThat(nightly()).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(name).matches("greet-cody-in-the-readme-[0-9a-f]{8}");
        assertThat(out.toString()).contains(name + ": 1 of 1 repositories to work",
                "PR created https://github.com/acme/widgets/pull/1 (open, no checks)");
        assertThat(gitHub.branchHead(SLUG, branch)).isNotNull();
        ci.commitStatus(SLUG, 1, "ci/build", "failure");
        rita.review(SLUG, 1, "CHANGES_REQUESTED");

        assertThat(nightly()).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);

        assertThat(pr().path("number").asInt()).isEqualTo(1);
        assertThat(pr().path("action").asText()).isEqualTo("unchanged");
        assertThat(pr().path("state").asText()).isEqualTo("open");
        assertThat(pr().path("draft").asBoolean()).isFalse();
        assertThat(pr().path("review_decision").asText()).isEqualTo("changes_requested");
        assertThat(pr().path("checks").asText()).isEqualTo("failure");
        assertThat(pr().path("mergeable").asBoolean()).isTrue();
        assertThat(out.toString()).contains("PR unchanged https://github.com/acme/widgets/pull/1 (open, checks failing,"
                + " changes requested)", "Pull requests: 1 open (0 draft), 0 merged, 0 closed; stuck: acme/widgets"
                + " (failing checks, changes requested)");
        assertThat(json(tmp.resolve("night2/summary.json")).path("name").asText()).isEqualTo(name);
        assertThat(gitHub.pulls).hasSize(1);
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/pulls")).hasSize(1);

        String title = gitHub.pull(SLUG, 1).path("title").asText();
        String body = gitHub.pull(SLUG, 1).path("body").asText();
        assertThat(title).isEqualTo(PROMPT); // the default name is a slug; the prompt reads better
        assertThat(body).startsWith("Greeted Cody in README.md.\n\n### Files changed (1)\n\n- `README.md`\n\n"
                        + "Model usage: 4,740 tokens (3,600 input, 240 output, 900 cache write, 0 cache read), $0.0178\n")
                .contains("<details><summary>What Cody Batch was asked</summary>\n\n```text\n" + PROMPT + "\n```",
                        "Opened by Cody Batch for the job \"" + name + "\"",
                        "rebuilds this branch on the latest `main`",
                        "To re-run: run `cody-batch run --name \"" + name + "\" --create-prs`");
        assertThat(body.split("README.md", -1)).hasSize(3); // the summary names it once, the file list once
        assertThat(body).doesNotContain("Files changed (1):");
    }

    @Test
    void whenMainMovesOnTheSamePullRequestIsRebuiltOnTheNewBase() throws Exception {
        nightly();
        String first = gitHub.branchHead(SLUG, branch);
        mainMovesOn("Main.java", "class Main { int v = 2; }\n");

        assertThat(nightly()).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);

        assertThat(pr().path("action").asText()).isEqualTo("updated");
        assertThat(pr().path("number").asInt()).isEqualTo(1);
        String rebuilt = gitHub.branchHead(SLUG, branch);
        assertThat(rebuilt).isNotEqualTo(first);
        assertThat(git(bare, "rev-parse", rebuilt + "^").trim()).isEqualTo(git(bare, "rev-parse", "main").trim());
        assertThat(git(bare, "show", branch + ":Main.java")).isEqualTo("class Main { int v = 2; }\n");
        assertThat(git(bare, "show", branch + ":README.md")).isEqualTo("Hello, Cody from widgets\n");
        assertThat(gitHub.pulls).hasSize(1);
    }

    @Test
    void aReviewersCommitIsKeptAndTheJobTakesTheBranchBackOnlyWhenGivenBack() throws Exception {
        nightly();
        String ours = gitHub.branchHead(SLUG, branch);
        String theirs = rita.pushCommit(SLUG, branch, "README.md", "Hello, Cody and friends from widgets\n",
                "Greet the friends too");
        mainMovesOn("Main.java", "class Main { int v = 2; }\n");

        assertThat(nightly()).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);

        assertThat(result().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(pr().path("action").asText()).isEqualTo("kept");
        assertThat(pr().path("number").asInt()).isEqualTo(1);
        assertThat(pr().path("reason").asText()).startsWith("kept: the branch has commits by others ("
                + theirs.substring(0, 7) + " by rita: \"Greet the friends too\")");
        assertThat(out.toString()).contains("PR kept https://github.com/acme/widgets/pull/1 (open, no checks)  kept: the"
                + " branch has commits by others", "Pull requests: 1 open (0 draft), 0 merged, 0 closed; 1 kept as"
                + " people left them");
        assertThat(gitHub.branchHead(SLUG, branch)).isEqualTo(theirs);
        // the new change is kept in the results: it applies to the new main
        Path fresh = tmp.resolve("apply");
        git(tmp, "clone", "-q", bare.toString(), fresh.toString());
        git(fresh, "apply", "--index", tmp.resolve("night2/repos/acme__widgets/patch.diff").toString());
        assertThat(Files.readString(fresh.resolve("README.md"))).isEqualTo("Hello, Cody from widgets\n");

        assertThat(nightly()).isEqualTo(CodyBatchCli.OK);
        assertThat(pr().path("action").asText()).isEqualTo("kept");

        rita.resetBranch(SLUG, branch, ours); // rita gives the branch back
        assertThat(nightly()).isEqualTo(CodyBatchCli.OK);

        assertThat(pr().path("action").asText()).isEqualTo("updated");
        assertThat(git(bare, "show", branch + ":Main.java")).isEqualTo("class Main { int v = 2; }\n");
        assertThat(gitHub.pulls).hasSize(1);
    }

    @Test
    void aClosedPullRequestStaysClosedUntilRecreateClosedIsGiven() throws Exception {
        nightly();
        rita.close(SLUG, 1);

        assertThat(nightly()).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);

        assertThat(result().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(pr().path("action").asText()).isEqualTo("left-closed");
        assertThat(pr().path("state").asText()).isEqualTo("closed");
        assertThat(out.toString()).contains("PR left-closed https://github.com/acme/widgets/pull/1 (closed)  left closed:"
                + " pull request #1 was closed without merging, so no new one was opened",
                "set recreateClosedPullRequests (CLI: --recreate-closed) or delete the branch " + branch);
        assertThat(nightly()).isEqualTo(CodyBatchCli.OK);
        assertThat(gitHub.pulls).hasSize(1);
        assertThat(gitHub.pull(SLUG, 1).path("state").asText()).isEqualTo("closed");

        assertOneLineUsageError(run("--repo", SLUG, "--prompt", PROMPT, "--recreate-closed", "--output",
                tmp.resolve("bad").toString()), err.toString(), "--recreate-closed applies to pull requests; add"
                + " --create-prs");

        assertThat(nightly("--recreate-closed")).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);

        assertThat(pr().path("action").asText()).isEqualTo("created");
        assertThat(pr().path("number").asInt()).isEqualTo(2);
        assertThat(gitHub.pull(SLUG, 1).path("state").asText()).isEqualTo("closed");
    }

    @Test
    void afterAMergeTheNextRunOpensANewPullRequestOnlyWhenTheChangeIsNeededAgain() throws Exception {
        nightly();
        rita.merge(SLUG, 1);
        git(seed, "pull", "-q", bare.toString(), "main");

        assertThat(nightly()).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);

        assertThat(result().path("status").asText()).isEqualTo("NO_CHANGES");
        assertThat(pr().path("number").asInt()).isEqualTo(1);
        assertThat(pr().path("state").asText()).isEqualTo("merged");
        assertThat(out.toString()).contains("PR unchanged https://github.com/acme/widgets/pull/1 (merged)",
                "Pull requests: 0 open (0 draft), 1 merged, 0 closed");
        assertThat(gitHub.pulls).hasSize(1);

        mainMovesOn("README.md", "Hello from widgets, reverted\n"); // the greeting was lost on main

        assertThat(nightly()).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);

        assertThat(pr().path("action").asText()).isEqualTo("created");
        assertThat(pr().path("number").asInt()).isEqualTo(2);
        assertThat(git(bare, "show", branch + ":README.md")).isEqualTo("Hello, Cody from widgets, reverted\n");
        assertThat(gitHub.pull(SLUG, 1).path("merged_at").isNull()).isFalse();
    }
}
