package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line end to end (see {@link CliTestBase}): local and GitHub repositories, failures, doctor. */
class CliEndToEndTest extends CliTestBase {

    @Test
    void localRepositoriesEndCompletedWithAPatchThatReproducesTheChange() throws Exception {
        Path alpha = localRepo("alpha");
        Path beta = localRepo("beta");
        Path output = tmp.resolve("out");

        int code = run("--repo", alpha.toString(), "--repo", beta.toString(), "--prompt", "Greet Cody",
                "--name", "greet", "--output", output.toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(out.toString()).contains("COMPLETED  alpha  2 files", "COMPLETED  beta  2 files",
                "greet: 0 failed, 2 completed, 0 no changes, 0 skipped");
        assertThat(output.resolve("summary.json")).isRegularFile();
        assertThat(Files.readString(output.resolve("report.html"))).contains("alpha", "beta");
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(summary.path("counts").path("COMPLETED").asInt()).isEqualTo(2);
        assertThat(summary.path("total_tokens").asLong()).isEqualTo(2 * 2 * (1200 + 80 + 300));

        for (Path repo : List.of(alpha, beta)) {
            String name = repo.getFileName().toString();
            Path dir = output.resolve("repos").resolve(name);
            JsonNode result = json(dir.resolve("result.json"));
            assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(result.path("iterations").asInt()).isEqualTo(2);
            assertThat(result.path("usage").path("input_tokens").asLong()).isEqualTo(2400);
            assertThat(result.path("usage").path("cache_creation_input_tokens").asLong()).isEqualTo(600);
            assertThat(result.path("cost").asDouble()).isPositive();
            assertThat(result.path("files_changed").toString()).isEqualTo("[\"NOTES.md\",\"README.md\"]");
            assertThat(result.path("summary").asText()).isEqualTo("Greeted Cody in README.md and added NOTES.md.");
            assertThat(Files.readString(dir.resolve("transcript.jsonl"))).contains("str_replace", "req_011CV");
            assertThat(dir.resolve("report.md")).doesNotExist();
            // The source repository is untouched; its patch.diff reproduces the change in a fresh clone.
            assertThat(Files.readString(repo.resolve("README.md"))).isEqualTo("Hello from " + name + "\n");
            Path fresh = tmp.resolve("apply-" + name);
            git(tmp, "clone", "-q", repo.toString(), fresh.toString());
            git(fresh, "apply", "--index", dir.resolve("patch.diff").toString());
            assertThat(Files.readString(fresh.resolve("README.md"))).isEqualTo("Hello, Cody from " + name + "\n");
            assertThat(Files.readString(fresh.resolve("NOTES.md"))).isEqualTo("Updated by Cody Batch.\n");
        }
    }

    @Test
    void batchApiRunSendsEachTurnOfAllRepositoriesAsOneMessageBatchAtHalfThePrice() throws Exception {
        FakeMessageBatches batches = new FakeMessageBatches(anthropic, KEY);
        anthropicServer.setDispatcher(batches);
        List<Path> repos = List.of(localRepo("one"), localRepo("two"), localRepo("three"));
        Path output = tmp.resolve("out");

        int code = run("--repo", repos.get(0).toString(), "--repo", repos.get(1).toString(), "--repo",
                repos.get(2).toString(), "--prompt", "Greet Cody", "--name", "nightly", "--output", output.toString(),
                "--parallel", "3", "--batch-api");

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(out.toString()).contains("nightly: 0 failed, 3 completed, 0 no changes, 0 skipped");
        // Turn 1 of the three conversations in one batch, then turn 2 of the three; no direct request.
        assertThat(batches.created).hasSize(2).allSatisfy(batch -> assertThat(batch.requests).hasSize(3));
        assertThat(batches.direct.get()).isZero();
        // Each repository: 2 requests of 1,200 input, 80 output and 300 cache-write tokens; at Sonnet's $3/$15 that
        // is $0.01185 directly, half of it through batches.
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("job").path("use_batch_api").asBoolean()).isTrue();
        assertThat(summary.path("cost").asDouble()).isCloseTo(3 * 0.005925, org.assertj.core.data.Offset.offset(1e-9));
        for (Path repo : repos) {
            Path dir = output.resolve("repos").resolve(repo.getFileName().toString());
            JsonNode result = json(dir.resolve("result.json"));
            assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(result.path("cost").asDouble()).isCloseTo(0.005925, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(result.path("files_changed").toString()).isEqualTo("[\"NOTES.md\",\"README.md\"]");
            assertThat(Files.readString(dir.resolve("transcript.jsonl"))).contains("\"batch_id\":\"msgbatch_");
        }
    }

    @Test
    void gitHubRepositoryGetsOnePullRequestThatASecondRunUpdates() throws Exception {
        Path seed = localRepo("widgets");
        Path bare = tmp.resolve("widgets.git");
        git(tmp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        gitHub.addRepo("acme/widgets", bare.toUri().toString(), true);
        env.put("GITHUB_TOKEN", TOKEN);

        int first = run("--repo", "acme/widgets", "--prompt", "Greet Cody", "--name", "greet", "--create-prs",
                "--output", tmp.resolve("out1").toString());

        assertThat(first).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(out.toString()).contains("COMPLETED  acme/widgets  2 files",
                "PR created https://github.com/acme/widgets/pull/1");
        JsonNode pr = json(tmp.resolve("out1/repos/acme__widgets/result.json")).path("pull_request");
        assertThat(pr.path("number").asInt()).isEqualTo(1);
        assertThat(pr.path("action").asText()).isEqualTo("created");
        assertThat(git(bare, "log", "--format=%s", "cody-batch/greet")).isNotBlank();
        assertThat(git(bare, "show", "cody-batch/greet:README.md")).isEqualTo("Hello, Cody from widgets\n");
        assertThat(gitHub.pull("acme/widgets", 1).path("title").asText()).isEqualTo("greet"); // --name is the title

        int second = run("--repo", "acme/widgets", "--prompt", "Greet Cody", "--name", "greet", "--create-prs",
                "--output", tmp.resolve("out2").toString());

        assertThat(second).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        JsonNode updated = json(tmp.resolve("out2/repos/acme__widgets/result.json")).path("pull_request");
        assertThat(updated.path("number").asInt()).isEqualTo(1);
        assertThat(updated.path("action").asText()).isEqualTo("unchanged"); // same change again: no new commit
        assertThat(out.toString()).contains("PR " + updated.path("action").asText()
                + " https://github.com/acme/widgets/pull/1");

        // The default branch moved on: a third run makes a new commit on the same branch and updates the same PR.
        Files.writeString(seed.resolve("Main.java"), "class Main { int v = 2; }\n");
        git(seed, "commit", "-q", "-am", "main moves on");
        git(seed, "push", "-q", bare.toString(), "HEAD:main");
        int third = run("--repo", "acme/widgets", "--prompt", "Greet Cody", "--name", "greet", "--create-prs",
                "--output", tmp.resolve("out3").toString());

        assertThat(third).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(out.toString()).contains("PR updated https://github.com/acme/widgets/pull/1");
        assertThat(git(bare, "show", "cody-batch/greet:Main.java")).isEqualTo("class Main { int v = 2; }\n");
        assertThat(gitHub.pulls).hasSize(1);
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/pulls")).hasSize(1);
        assertThat(gitHub.calls).allMatch(c -> ("Bearer " + TOKEN).equals(c.authorization()));
    }

    @Test
    void failingConversationsFailOnlyTheirRepositoryAndRetryFailedRedoesOnlyThem() throws Exception {
        Path good = localRepo("good");
        Path storm = localRepo("storm");
        Path refused = localRepo("refused");
        Path looping = localRepo("looping");
        anthropic.mode("storm", Mode.SERVER_ERRORS).mode("refused", Mode.BAD_REQUEST).mode("looping", Mode.ENDLESS_TOOLS);
        Path output = tmp.resolve("out");

        int code = run("--repo", good.toString(), "--repo", storm.toString(), "--repo", refused.toString(),
                "--repo", looping.toString(), "--prompt", "Greet Cody", "--max-iterations", "3",
                "--output", output.toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(out.toString()).contains("3 failed, 1 completed, 0 no changes, 0 skipped",
                "Re-run the failed ones with: --retry-failed " + output);
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(summary.path("repositories")).hasSize(4);
        assertThat(summary.path("repositories")).allMatch(r -> r.has("result"));
        assertThat(status(output, "good")).isEqualTo("COMPLETED");
        JsonNode stormResult = json(output.resolve("repos/storm/result.json"));
        assertThat(stormResult.path("status").asText()).isEqualTo("FAILED");
        assertThat(stormResult.path("error").asText()).contains("500");
        assertThat(anthropic.requests("storm")).isEqualTo(6); // the client's attempts, then it gave up
        JsonNode refusedResult = json(output.resolve("repos/refused/result.json"));
        assertThat(refusedResult.path("status").asText()).isEqualTo("FAILED");
        assertThat(refusedResult.path("error").asText()).contains("400");
        assertThat(anthropic.requests("refused")).isEqualTo(1); // a 400 is not retried
        JsonNode loopResult = json(output.resolve("repos/looping/result.json"));
        assertThat(loopResult.path("status").asText()).isEqualTo("FAILED");
        assertThat(loopResult.path("error").asText()).containsIgnoringCase("budget");
        assertThat(loopResult.path("iterations").asInt()).isEqualTo(3);
        assertThat(output.resolve("report.html")).isRegularFile();

        long spentBefore = summary.path("total_tokens").asLong();
        anthropic.defaultMode(Mode.EDIT);
        // no --api-url, no --max-iterations: the retry runs against the API and with the limits the batch recorded
        int retried = cli("run", "--retry-failed", output.toString());

        assertThat(retried).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(anthropic.requests("good")).isEqualTo(2); // first run only
        assertThat(anthropic.requests("storm")).isEqualTo(6 + 2);
        assertThat(anthropic.requests("refused")).isEqualTo(1 + 2);
        assertThat(anthropic.requests("looping")).isEqualTo(3 + 2);
        JsonNode after = json(output.resolve("summary.json"));
        assertThat(after.path("attempt").asInt()).isEqualTo(2);
        assertThat(after.path("counts").path("COMPLETED").asInt()).isEqualTo(4);
        for (String name : List.of("good", "storm", "refused", "looping")) {
            assertThat(status(output, name)).isEqualTo("COMPLETED");
            assertThat(output.resolve("repos/" + name + "/patch.diff")).isRegularFile();
        }
        // what the failed attempts spent stays in the totals, and their transcripts stay beside the new ones
        JsonNode loopAfter = json(output.resolve("repos/looping/result.json"));
        assertThat(loopAfter.path("previous_attempts")).hasSize(1);
        assertThat(loopAfter.at("/previous_attempts/0/iterations").asInt()).isEqualTo(3);
        assertThat(loopAfter.at("/previous_attempts/0/folder").asText()).isEqualTo("attempts/1");
        assertThat(output.resolve("repos/looping/attempts/1/transcript.jsonl")).isNotEmptyFile();
        assertThat(output.resolve("repos/looping/attempts/1/result.json")).isRegularFile();
        long spentByRetry = 3 * 2 * (1200 + 80 + 300); // storm, refused, looping: two turns each
        assertThat(after.path("total_tokens").asLong()).isEqualTo(spentBefore + spentByRetry);
        assertThat(after.path("job").path("limits").path("max_iterations").asInt()).isEqualTo(3);
    }

    static String status(Path output, String dir) throws IOException {
        return json(output.resolve("repos/" + dir + "/result.json")).path("status").asText();
    }

    @Test
    void analysisJobWritesReportMarkdownAndNoPatch() throws Exception {
        Path repo = localRepo("survey");
        anthropic.defaultMode(Mode.ANALYSIS);
        Path output = tmp.resolve("out");

        int code = run("--repo", repo.toString(), "--type", "analysis", "--prompt", "What does README say?",
                "--output", output.toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        Path dir = output.resolve("repos/survey");
        assertThat(Files.readString(dir.resolve("report.md"))).isEqualTo("## Findings\n\nREADME.md has one greeting line.");
        assertThat(dir.resolve("patch.diff")).doesNotExist();
        assertThat(json(dir.resolve("result.json")).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(dir.resolve("result.json")).path("outputs").path("report").asText()).isEqualTo("report.md");
        assertThat(out.toString()).contains("COMPLETED  survey  report " + dir.resolve("report.md"));
        assertThat(json(output.resolve("summary.json")).path("type").asText()).isEqualTo("analysis");
    }

    @Test
    void usageErrorsAreOneLineWithExitCodeTwo() throws Exception {
        Path repo = localRepo("app");
        Path output = tmp.resolve("out");

        env.remove("ANTHROPIC_API_KEY");
        assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--output", output.toString()),
                err.toString(), "ANTHROPIC_API_KEY is not set");
        env.put("ANTHROPIC_API_KEY", KEY);

        assertOneLineUsageError(run("--repo", repo.toString(), "--prompt-file", tmp.resolve("missing.txt").toString(),
                "--output", output.toString()), err.toString(), "--prompt-file " + tmp.resolve("missing.txt"));

        assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--paralel", "3"), err.toString(),
                "--paralel");

        assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--create-prs",
                "--output", output.toString()), err.toString(), "--create-prs needs GITHUB_TOKEN");

        assertThat(output).doesNotExist();
        assertThat(anthropic.requests("app")).isZero();
    }

    @Test
    void doctorPassesWithAValidKeyModelAndToken() throws Exception {
        env.put("GITHUB_TOKEN", TOKEN);

        int code = doctor("--model", FakeAnthropic.MODEL);

        assertThat(code).as(out.toString()).isEqualTo(CodyBatchCli.OK);
        assertThat(out.toString()).contains("ok   git: git version", "ok   output folder:", "(writable)",
                "ok   Anthropic API: API key accepted; model " + FakeAnthropic.MODEL + " (Claude Sonnet 4.6) is available",
                "ok   GitHub: Connected as cody-bot, scopes: repo, read:org; rate limit 4990/5000");
        assertThat(out.toString()).doesNotContain("FAIL");
    }

    @Test
    void doctorReportsARejectedKey() throws Exception {
        env.put("ANTHROPIC_API_KEY", "sk-ant-api03-wrong-key-000");

        int code = doctor("--model", FakeAnthropic.MODEL);

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(line("Anthropic API")).startsWith("FAIL").containsIgnoringCase("key");
        assertThat(out.toString()).doesNotContain("sk-ant-api03-wrong-key-000");
    }

    @Test
    void doctorReportsAnUnknownModel() throws Exception {
        int code = doctor("--model", "claude-nonexistent-9");

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(line("Anthropic API")).startsWith("FAIL").contains("claude-nonexistent-9");
    }

    @Test
    void doctorReportsABadGitHubToken() throws Exception {
        env.put("GITHUB_TOKEN", "ghp_revokedToken0000");

        int code = doctor("--model", FakeAnthropic.MODEL);

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(line("GitHub")).startsWith("FAIL");
        assertThat(line("Anthropic API")).startsWith("ok");
        assertThat(out.toString()).doesNotContain("ghp_revokedToken0000");
    }

    @Test
    void doctorReportsAnOutputFolderThatCannotBeCreated() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "not a folder");

        int code = doctor("--model", FakeAnthropic.MODEL, "--output", file.resolve("results").toString());

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(line("output folder")).startsWith("FAIL").contains("is not a folder");
    }

    int doctor(String... args) {
        List<String> all = new ArrayList<>(List.of("doctor", "--api-url", anthropicServer.url("/").toString(),
                "--github-api-url", gitHubServer.url("/").toString()));
        all.addAll(List.of(args));
        if (!all.contains("--output")) {
            all.addAll(List.of("--output", tmp.resolve("doctor-out").toString()));
        }
        return cli(all.toArray(String[]::new));
    }

    String line(String check) {
        return out.toString().lines().filter(l -> l.substring(5).startsWith(check + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + check + " in:\n" + out));
    }
}
