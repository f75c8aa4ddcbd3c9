package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * --dry-run through the real engine against the fake GitHub: it resolves, applies the allowlist and checks push
 * access, and says per repository what would happen; it clones nothing (the GitHub repositories' clone URLs lead
 * nowhere), asks the model nothing, needs no API key and writes no results folder.
 */
class DryRunTest extends CliTestBase {

    Path local;
    Path output;

    @BeforeEach
    void repositories() throws Exception {
        env.remove("ANTHROPIC_API_KEY");
        env.put("GITHUB_TOKEN", TOKEN);
        String nowhere = tmp.resolve("does-not-exist.git").toUri().toString();
        gitHub.addRepo("acme/push", nowhere, true);
        gitHub.addRepo("acme/readonly", nowhere, false);
        local = localRepo("local-tool");
        output = tmp.resolve("out");
    }

    int dryRun(String... extra) {
        List<String> args = new ArrayList<>(List.of("--repo", "acme/push", "--repo", "acme/readonly", "--repo",
                local.toString(), "--repo", "acme/missing", "--repo", "other/outside", "--allowed-repos", "acme/*,local-*",
                "--prompt", "Greet Cody", "--name", "greet", "--output", output.toString(), "--dry-run"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void withCreatePrsItSaysWhichRepositoriesWouldGetAPullRequestAndWhichOnlyAPatch() {
        int code = dryRun("--create-prs");

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.FAILURES); // acme/missing would fail
        assertThat(out.toString()).contains(
                "Dry run of greet: 5 repositories; nothing is cloned and no model request is made",
                "WORK       acme/push  pull request against main",
                "WORK       acme/readonly  patch only: the GitHub token may not push to acme/readonly; --fork would"
                        + " open the pull request from a fork",
                "WORK       local-tool  patch only: local-tool is not a GitHub repository",
                "FAIL       acme/missing  Repository acme/missing was not found",
                "SKIP       other/outside  ",
                "greet: 1 would fail, 3 would be worked (1 with a pull request, 2 patch only), 1 skipped");
        assertNothingRan();
    }

    @Test
    void withForkTheRepositoryTheTokenMayNotPushToWouldGetAPullRequestFromAFork() {
        int code = dryRun("--create-prs", "--fork", "--fork-organization", "acme-forks");

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(out.toString()).contains("WORK       acme/readonly  pull request from a fork against main (pushed to"
                + " a fork in acme-forks)", "(2 with a pull request, 1 patch only)");
        assertNothingRan();
    }

    @Test
    void jsonGivesThePlanOnStdoutAndThePeoplesLinesOnStderr() throws Exception {
        int code = dryRun("--json");

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        JsonNode plan = Json.MAPPER.readTree(out.toString());
        assertThat(plan.path("dry_run").asBoolean()).isTrue();
        assertThat(plan.path("name").asText()).isEqualTo("greet");
        List<String> verdicts = new ArrayList<>();
        plan.path("repositories").forEach(e -> verdicts.add(e.path("spec").asText() + " " + e.path("verdict").asText()
                + " " + e.path("delivery").asText()));
        assertThat(verdicts).containsExactly("acme/push WORK PATCH", "acme/readonly WORK PATCH",
                local + " WORK PATCH", "acme/missing FAIL ", "other/outside SKIP ");
        assertThat(plan.path("repositories").get(0).path("directory").asText()).isEqualTo("repos/acme__push");
        assertThat(plan.path("repositories").get(3).path("note").asText()).contains("was not found");
        assertThat(err.toString()).contains("WORK       acme/push  patch", "greet: 1 would fail");
        assertNothingRan();
    }

    @Test
    void whenEveryRepositoryWouldWorkItExitsZero() {
        int code = run("--repo", "acme/push", "--repo", local.toString(), "--prompt", "x", "--dry-run", "--quiet");

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(out.toString().strip()).matches("x-[0-9a-f]{8}: 0 would fail, 2 would be worked, 0 skipped");
        assertThat(anthropicServer.getRequestCount()).isZero();
    }

    @Test
    void aLocalPathWithSpacesIsARepositoryAndASpecThatLooksLikeAnOptionIsNot() throws Exception {
        Path spaced = java.nio.file.Files.createDirectories(tmp.resolve("my repos"));
        git(spaced, "init", "-q", "tool");
        java.nio.file.Files.writeString(spaced.resolve("tool/README.md"), "Hello\n");
        git(spaced.resolve("tool"), "add", "-A");
        git(spaced.resolve("tool"), "commit", "-q", "-m", "base");

        assertThat(run("--repo", spaced.resolve("tool").toString(), "--prompt", "x", "--dry-run"))
                .as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(out.toString()).contains("WORK       tool  patch").contains(": 1 repository; nothing is cloned");

        assertOneLineUsageError(run("--repo", "--upload-pack=touch /tmp/x", "--prompt", "x", "--dry-run"),
                err.toString(), "--repo: '--upload-pack=touch /tmp/x' is not a repository");
        assertOneLineUsageError(run("--repo", "acme/a acme/b", "--prompt", "x", "--dry-run"), err.toString(),
                "--repo: 'acme/a acme/b' is not a repository");
    }

    @Test
    void aDryRunOfARetryIsRefused() {
        assertOneLineUsageError(run("--retry-failed", output.toString(), "--dry-run"), err.toString(),
                "--retry-failed re-runs the job recorded in " + output + "; drop --dry-run");
    }

    private void assertNothingRan() {
        assertThat(anthropicServer.getRequestCount()).as("model requests").isZero();
        assertThat(output).as("no results folder").doesNotExist();
        assertThat(gitHub.calls("POST", "/")).as("nothing created on GitHub").isEmpty();
    }
}
