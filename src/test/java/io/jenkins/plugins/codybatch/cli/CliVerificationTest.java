package io.jenkins.plugins.codybatch.cli;

import static io.jenkins.plugins.codybatch.cli.CliEndToEndTest.git;
import static io.jenkins.plugins.codybatch.cli.CliEndToEndTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic.Mode;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHub;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verify-command} through the real CLI and engine: real git repositories, real {@code sh} check processes,
 * a fake Anthropic API scripting the model's repair and a fake GitHub.
 */
class CliVerificationTest extends CliTestBase {

    /** The repository's "build": NOTES.md must not keep a TODO. */
    static final String TODO_CHECK = "if grep -n TODO NOTES.md; then echo 'FAIL: " + FakeAnthropic.TODO_FAILURE
            + "'; exit 1; fi; echo 'all checks passed'";
    static final String NEVER_PASSES = "echo 'compiling 2 files'; echo 'ERROR: Main.java:1: cannot find symbol Greeter';"
            + " echo 'BUILD FAILURE'; exit 3";

    @BeforeEach
    void buildVariable() {
        env.put("BUILD_FLAVOUR", "nightly");
    }

    String line(String repository) {
        return out.toString().lines().filter(l -> l.contains(" " + repository + "  ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + repository + " in:\n" + out.toString()));
    }

    static List<JsonNode> events(Path transcript, String type) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String l : Files.readAllLines(transcript)) {
            JsonNode event = Json.MAPPER.readTree(l);
            if (event.path("event").asText().equals(type)) {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void aCheckThatFailsUntilTheModelRepairsTheChangeEndsCompletedAfterTwoRuns() throws Exception {
        Path repo = localRepo("alpha");
        anthropic.defaultMode(Mode.REPAIR);
        Path output = tmp.resolve("out");

        int code = run("--repo", repo.toString(), "--prompt", "Greet Cody", "--name", "greet", "--output",
                output.toString(), "--verify-command", TODO_CHECK);

        assertThat(code).as(out.toString() + "\n" + err.toString()).isEqualTo(CodyBatchCli.OK);
        assertThat(line("alpha")).startsWith("COMPLETED  alpha  2 files").contains("check passed (2 runs)");
        Path dir = output.resolve("repos/alpha");
        JsonNode result = json(dir.resolve("result.json"));
        assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode verification = result.path("verification");
        assertThat(verification.path("command").asText()).isEqualTo(TODO_CHECK);
        assertThat(verification.path("passed").asBoolean()).isTrue();
        assertThat(verification.path("attempts").asInt()).isEqualTo(2);
        assertThat(verification.path("exit_code").asInt()).isZero();
        assertThat(verification.path("output_tail").asText()).isEqualTo("all checks passed");
        assertThat(verification.path("duration_millis").asLong()).isNotNegative();
        // four model requests: edit, end, repair edit, end; the last two are the repair turns, counted apart
        assertThat(anthropic.requests("alpha")).isEqualTo(4);
        assertThat(result.path("iterations").asInt()).isEqualTo(4);
        assertThat(verification.path("repair_iterations").asInt()).isEqualTo(2);
        assertThat(verification.path("repair_usage").path("input_tokens").asLong()).isEqualTo(2 * 1200);
        assertThat(verification.path("repair_cost").asDouble()).isPositive()
                .isLessThan(result.path("cost").asDouble());
        assertThat(Files.readString(dir.resolve("patch.diff"))).contains("+Greeted Cody.").doesNotContain("TODO");
        assertThat(result.path("summary").asText()).isEqualTo("Removed the TODO from NOTES.md.");

        List<JsonNode> runs = events(dir.resolve("transcript.jsonl"), "verification");
        assertThat(runs).extracting(e -> e.path("passed").asBoolean()).containsExactly(false, true);
        assertThat(runs.get(0).path("exit_code").asInt()).isEqualTo(1);
        assertThat(runs.get(0).path("output_tail").asText()).isEqualTo("1:TODO: greet Cody\nFAIL: "
                + FakeAnthropic.TODO_FAILURE);
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("job").path("verify").path("command").asText()).isEqualTo(TODO_CHECK);
        assertThat(summary.path("job").path("verify").path("repair_attempts").asInt()).isEqualTo(2);
        assertThat(summary.path("repositories").get(0).path("result").path("verification").path("attempts").asInt())
                .isEqualTo(2);
    }

    @Test
    void aCheckThatNeverPassesFailsTheRepositoryKeepsThePatchAndOpensNoPullRequestUnlessAskedForADraft()
            throws Exception {
        Path seed = localRepo("widgets");
        Path bare = tmp.resolve("widgets.git");
        git(tmp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        gitHub.addRepo("acme/widgets", bare.toUri().toString(), true);
        env.put("GITHUB_TOKEN", TOKEN);
        Path output = tmp.resolve("out1");

        int code = run("--repo", "acme/widgets", "--prompt", "Greet Cody", "--name", "greet", "--create-prs",
                "--output", output.toString(), "--verify-command", NEVER_PASSES, "--verify-attempts", "1");

        assertThat(code).as(out.toString() + "\n" + err.toString()).isEqualTo(CodyBatchCli.FAILURES);
        String expectedError = "Verification failed: `" + NEVER_PASSES + "` exited with code 3 (2 runs). First failing"
                + " lines: ERROR: Main.java:1: cannot find symbol Greeter | BUILD FAILURE";
        JsonNode result = json(output.resolve("repos/acme__widgets/result.json"));
        assertThat(result.path("status").asText()).isEqualTo("FAILED");
        assertThat(result.path("error").asText())
                .isEqualTo(expectedError + " The change is in patch.diff; no pull request was opened.");
        assertThat(result.path("verification").path("passed").asBoolean()).isFalse();
        assertThat(result.path("verification").path("attempts").asInt()).isEqualTo(2);
        assertThat(result.path("verification").path("exit_code").asInt()).isEqualTo(3);
        assertThat(result.has("pull_request")).isFalse();
        assertThat(Files.readString(output.resolve("repos/acme__widgets/patch.diff"))).contains("+Hello, Cody from");
        assertThat(line("acme/widgets")).startsWith("FAILED     acme/widgets  2 files")
                .contains("check failed (2 runs)  " + expectedError);
        assertThat(anthropic.requests("acme/widgets")).isEqualTo(3); // edit, end, one repair turn
        assertThat(gitHub.pulls).isEmpty();
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/pulls")).isEmpty();
        assertThat(git(bare, "branch", "--list", "cody-batch/*")).isBlank();

        // The person asks for draft pull requests of failing changes: the same change goes out.toString() as a labelled draft.
        int again = run("--repo", "acme/widgets", "--prompt", "Greet Cody", "--name", "greet", "--create-prs",
                "--output", tmp.resolve("out2").toString(), "--verify-command", NEVER_PASSES, "--verify-attempts", "0",
                "--verify-draft-on-failure");

        assertThat(again).as(out.toString() + "\n" + err.toString()).isEqualTo(CodyBatchCli.FAILURES);
        JsonNode draft = json(tmp.resolve("out2/repos/acme__widgets/result.json"));
        assertThat(draft.path("status").asText()).isEqualTo("FAILED");
        assertThat(draft.path("error").asText()).startsWith("Verification failed: `" + NEVER_PASSES + "` exited with"
                + " code 3 (1 run).").endsWith("The change is in a draft pull request labelled '"
                + VerifyOptions.FAILED_LABEL + "': https://github.com/acme/widgets/pull/1");
        assertThat(draft.path("pull_request").path("action").asText()).isEqualTo("created");
        assertThat(gitHub.pulls).hasSize(1);
        assertThat(gitHub.pulls.get(0).path("draft").asBoolean()).isTrue();
        assertThat(gitHub.pulls.get(0).path("body").asText()).contains("Verification: `" + NEVER_PASSES
                + "` FAILED (exit code 3) after 1 run");
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/issues/1/labels").get(0).body().toString())
                .contains(VerifyOptions.FAILED_LABEL);
        assertThat(git(bare, "show", "cody-batch/greet:README.md")).isEqualTo("Hello, Cody from widgets\n");
    }

    @Test
    void aCheckThatHangsIsKilledWithItsWholeProcessTreeAtTheTimeout() throws Exception {
        Path repo = localRepo("slow");
        Path pidFile = tmp.resolve("grandchild.pid");
        Path output = tmp.resolve("out");

        int code = run("--repo", repo.toString(), "--prompt", "Greet Cody", "--output", output.toString(),
                "--verify-command", "sleep 600 & echo $! > '" + pidFile + "'; echo 'waiting for the test server'; wait",
                "--verify-timeout", "2s", "--verify-attempts", "0");

        assertThat(code).as(out.toString() + "\n" + err.toString()).isEqualTo(CodyBatchCli.FAILURES);
        JsonNode result = json(output.resolve("repos/slow/result.json"));
        assertThat(result.path("status").asText()).isEqualTo("FAILED");
        assertThat(result.path("error").asText()).contains("did not finish within 2s and was killed (1 run)",
                "waiting for the test server");
        assertThat(result.path("verification").path("timed_out").asBoolean()).isTrue();
        assertThat(result.path("verification").has("exit_code")).isFalse();
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("grandchild sleep").isFalse();
        assertThat(output.resolve("repos/slow/patch.diff")).isRegularFile();
    }

    @Test
    void aSecretPrintedByTheCheckIsMaskedInResultTranscriptAndConsole() throws Exception {
        Path repo = localRepo("leaky");
        Path output = tmp.resolve("out");
        String foreign = "ghp_" + "Leaked0123456789abcdef" + "ghijklmnopqrst";
        // the check prints the job's own key (put together from two halves) and a GitHub token that is not the job's
        String command = "printf 'ERROR: auth failed with key %s%s\\n' '" + KEY.substring(0, 10) + "' '"
                + KEY.substring(10) + "'; printf 'ERROR: found GH_TOKEN=%s%s in ci.env\\n' ghp_Leaked0123456789abcdef"
                + " ghijklmnopqrst; exit 1";

        int code = run("--repo", repo.toString(), "--prompt", "Greet Cody", "--output", output.toString(),
                "--verify-command", command, "--verify-attempts", "1");

        assertThat(code).as(out.toString() + "\n" + err.toString()).isEqualTo(CodyBatchCli.FAILURES);
        Path dir = output.resolve("repos/leaky");
        JsonNode result = json(dir.resolve("result.json"));
        assertThat(result.path("verification").path("output_tail").asText())
                .isEqualTo("ERROR: auth failed with key ****\nERROR: found GH_TOKEN=**** in ci.env");
        assertThat(result.path("error").asText()).contains("First failing lines: ERROR: auth failed with key **** |"
                + " ERROR: found GH_TOKEN=**** in ci.env");
        assertThat(line("leaky")).contains("ERROR: auth failed with key ****");
        String transcript = Files.readString(dir.resolve("transcript.jsonl"));
        assertThat(transcript).contains("auth failed with key ****", "GH_TOKEN=**** in ci.env");
        for (Path file : List.of(dir.resolve("result.json"), dir.resolve("transcript.jsonl"),
                output.resolve("summary.json"), output.resolve("report.html"))) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(foreign).doesNotContain(KEY);
        }
        assertThat(out.toString()).doesNotContain(foreign);
    }

    @Test
    void theCheckSeesTheEnvironmentWithoutAnySecretOfTheJob() throws Exception {
        Path repo = localRepo("envy");
        Path dump = tmp.resolve("check-env.txt");
        env.put("GITHUB_TOKEN", TOKEN);
        env.put("GH_TOKEN", TOKEN);
        env.put("GIT_REMOTE", "https://x-access-token:" + TOKEN + "@github.com/acme/envy.git");

        int code = run("--repo", repo.toString(), "--prompt", "Greet Cody", "--output", tmp.resolve("out").toString(),
                "--verify-command", "env > '" + dump + "'; env");

        assertThat(code).as(out.toString() + "\n" + err.toString()).isEqualTo(CodyBatchCli.OK);
        String environment = Files.readString(dump);
        assertThat(environment).doesNotContain(KEY).doesNotContain(TOKEN).doesNotContain("ANTHROPIC_API_KEY=")
                .doesNotContain("GITHUB_TOKEN=").doesNotContain("GH_TOKEN=").doesNotContain("GIT_REMOTE=");
        assertThat(environment).contains("BUILD_FLAVOUR=nightly", "PATH=");
        assertThat(json(tmp.resolve("out/repos/envy/result.json")).path("verification").path("output_tail").asText())
                .contains("BUILD_FLAVOUR=nightly").doesNotContain(TOKEN);
    }

    @Test
    void retryFailedRunsTheRecordedCheckAgainAfterAPersonFixedWhatItNeeds() throws Exception {
        Path repo = localRepo("gated");
        Path flag = tmp.resolve("database-is-up");
        Path output = tmp.resolve("out");
        String command = "test -f '" + flag + "' || { echo 'FAIL: the test database is not reachable'; exit 1; }";

        int first = run("--repo", repo.toString(), "--prompt", "Greet Cody", "--output", output.toString(),
                "--verify-command", command, "--verify-attempts", "0");
        assertThat(first).as(out.toString() + "\n" + err.toString()).isEqualTo(CodyBatchCli.FAILURES);
        assertThat(CliEndToEndTest.status(output, "gated")).isEqualTo("FAILED");

        Files.writeString(flag, "up\n"); // a person brings the database up
        int retried = cli("run", "--retry-failed", output.toString(), "--api-url", anthropicServer.url("/").toString());

        assertThat(retried).as(out.toString() + "\n" + err.toString()).isEqualTo(CodyBatchCli.OK);
        JsonNode result = json(output.resolve("repos/gated/result.json"));
        assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(result.path("verification").path("command").asText()).isEqualTo(command);
        assertThat(result.path("verification").path("passed").asBoolean()).isTrue();
    }

    @Test
    void verifyFlagsThatCannotWorkAreOneLineUsageErrors() throws Exception {
        Path repo = localRepo("app");
        String output = tmp.resolve("out").toString();

        CliEndToEndTest.assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--output", output,
                "--verify-attempts", "3"), err.toString(), "--verify-attempts goes with --verify-command; give the"
                + " command that checks a change");
        CliEndToEndTest.assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--output", output,
                "--verify-command", "make test", "--verify-timeout", "soon"), err.toString(),
                "--verify-timeout must look like 90s, 30m or 2h, was 'soon'");
        CliEndToEndTest.assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--output", output,
                "--verify-command", "make test", "--verify-attempts", "11"), err.toString(),
                "--verify-attempts must be between 0 (check only, no repair) and 10, was 11");
        CliEndToEndTest.assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--output", output,
                "--type", "analysis", "--verify-command", "make test"), err.toString(),
                "--verify-command checks changes, and analysis jobs make none");
        CliEndToEndTest.assertOneLineUsageError(run("--repo", repo.toString(), "--prompt", "x", "--output", output,
                "--verify-command", "make test", "--verify-draft-on-failure"), err.toString(),
                "--verify-draft-on-failure opens draft pull requests; add --create-prs");

        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(anthropic.requests("app")).isZero();
    }
}
