package io.jenkins.plugins.codybatch.proof;

import static io.jenkins.plugins.codybatch.proof.FakeClaude.reply;
import static io.jenkins.plugins.codybatch.proof.FakeClaude.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.cli.CliContext;
import io.jenkins.plugins.codybatch.cli.CodyBatchCli;
import io.jenkins.plugins.codybatch.cli.EngineFactory;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.proof.Tally.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI process killed mid-batch and re-run; the output folder on a full disk. Real CLI, real engine. */
class ProcessFaultTest {

    static final Tally TALLY = new Tally(ProcessFaultTest.class);

    @TempDir
    Path tmp;

    @AfterAll
    static void writeTally() throws Exception {
        TALLY.write();
    }

    Map<String, String> env(ProofHarness h) {
        Map<String, String> env = new HashMap<>();
        env.put("ANTHROPIC_API_KEY", ProofHarness.API_KEY);
        env.put("ANTHROPIC_BASE_URL", h.claudeServer.url("/").toString());
        env.put("GITHUB_TOKEN", ProofHarness.GITHUB_TOKEN);
        env.put("GITHUB_API_URL", h.gitHubServer.url("/").toString());
        return env;
    }

    @Test
    void aRunKilledWithSigkillIsFinishedByRetryFailedWithoutRedoingOrDuplicatingPullRequests() throws Exception {
        try (ProofHarness h = new ProofHarness(tmp)) {
            List<String> names = List.of("p1", "p2", "p3", "p4");
            for (String name : names) {
                h.repository(name);
            }
            CountDownLatch release = new CountDownLatch(1);
            h.claude.scripts.put("acme/p3", (turn, request) -> {
                try {
                    release.await(60, TimeUnit.SECONDS); // holds p3's first request until the process is dead
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FakeClaude.addChangelog(turn, request);
            });
            Path home = Files.createDirectories(tmp.resolve("home"));
            Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + javaTmp, "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                    CodyBatchCli.class.getName(), "run", "--name", "killed", "--prompt", "Add a CHANGES.md entry",
                    "--output", h.output.toString(), "--parallel", "1", "--create-prs"));
            names.forEach(n -> command.addAll(List.of("--repo", "acme/" + n)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(tmp.resolve("cli.out").toFile())
                    .redirectError(tmp.resolve("cli.err").toFile());
            builder.environment().putAll(env(h));
            builder.environment().put("HOME", home.toString());
            Process process = builder.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!(h.claude.requests("acme/p3") > 0 && completed(h.output) == 2)) {
                    assertThat(process.isAlive()).as("the CLI is still running").isTrue();
                    assertThat(System.nanoTime()).as("p1 and p2 finish in time").isLessThan(deadline);
                    Thread.sleep(50);
                }
                process.destroyForcibly(); // SIGKILL: no shutdown hook runs
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isEqualTo(137);
            } finally {
                release.countDown();
                process.destroyForcibly();
            }
            BatchSummary killed = ResultFiles.readSummary(h.output);
            assertThat(killed.status().name()).isEqualTo("RUNNING"); // left as it was: the process was killed
            assertThat(killed.count(RepoStatus.COMPLETED)).isEqualTo(2);
            int lookupsBefore = h.gitHub.calls("GET", "/repos/acme/p1").size() + h.gitHub.calls("GET", "/repos/acme/p2").size();

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = CodyBatchCli.execute(new CliContext(env(h), new PrintWriter(out, true), new PrintWriter(err, true),
                    false, false, new EngineFactory(), Clock.systemUTC()), "run", "--retry-failed", h.output.toString());

            assertThat(exit).as(out + "\n" + err).isZero();
            int lost = h.assertComplete(4);
            BatchSummary retried = ResultFiles.readSummary(h.output);
            assertThat(retried.attempt()).isEqualTo(2);
            assertThat(retried.count(RepoStatus.COMPLETED)).isEqualTo(4);
            for (String name : names) {
                assertThat(h.pullRequestsCreated(name)).as(name + " pull requests created").isEqualTo(1);
            }
            assertThat(h.gitHub.calls("GET", "/repos/acme/p1").size() + h.gitHub.calls("GET", "/repos/acme/p2").size())
                    .as("completed repositories are not looked up again").isEqualTo(lookupsBefore);
            assertThat(h.gitHub.pulls).hasSize(4);
            SecretScan scan = h.scan(tmp.resolve("cli.out"), tmp.resolve("cli.err")).text("retry stdout", out.toString())
                    .text("retry stderr", err.toString());
            int leaks = scan.hits().size();
            scan.assertClean();
            TALLY.add("Process", "CLI process killed with SIGKILL after 2 of 4 repositories, then run --retry-failed",
                    Outcome.RECOVERED, "retry finished p3, p4; p1, p2 not redone; 4 pull requests created in all, one each",
                    lost, leaks, "aRunKilledWithSigkillIsFinishedByRetryFailedWithoutRedoingOrDuplicatingPullRequests");
        }
    }

    /** p3 answers its first turn, then its second request hangs until released. */
    static void hangOnSecondTurn(ProofHarness h, String repository, CountDownLatch release) {
        h.claude.scripts.put(repository, (turn, request) -> {
            if (turn == 1) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return FakeClaude.addChangelog(turn, request);
        });
    }

    @Test
    void ctrlCStopsTheRunKeepsWhatWasSpentWritesTheReportAndExits130() throws Exception {
        try (ProofHarness h = new ProofHarness(tmp)) {
            List<String> names = List.of("c1", "c2", "c3", "c4");
            for (String name : names) {
                h.repository(name);
            }
            CountDownLatch release = new CountDownLatch(1);
            hangOnSecondTurn(h, "acme/c3", release);
            Path home = Files.createDirectories(tmp.resolve("home"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), CodyBatchCli.class.getName(),
                    "run", "--name", "interrupted", "--prompt", "Add a CHANGES.md entry", "--output", h.output.toString(),
                    "--parallel", "1"));
            names.forEach(n -> command.addAll(List.of("--repo", "acme/" + n)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(tmp.resolve("cli.out").toFile())
                    .redirectError(tmp.resolve("cli.err").toFile());
            builder.environment().putAll(env(h));
            Process process = builder.start();
            int exit;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!(h.claude.requests("acme/c3") >= 2 && completed(h.output) == 2)) {
                    assertThat(process.isAlive()).as("the CLI is still running").isTrue();
                    assertThat(System.nanoTime()).as("c1 and c2 finish in time").isLessThan(deadline);
                    Thread.sleep(50);
                }
                new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor(); // Ctrl-C
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI ends after Ctrl-C").isTrue();
                exit = process.exitValue();
            } finally {
                release.countDown();
                process.destroyForcibly();
            }
            String stdout = Files.readString(tmp.resolve("cli.out"));
            String stderr = Files.readString(tmp.resolve("cli.err"));
            assertThat(exit).as(stdout + stderr).isEqualTo(130);
            assertThat(stderr).contains("cody-batch: interrupted; stopping the running repositories");
            assertThat(stdout).contains("interrupted: 2 failed, 2 completed, 0 no changes, 0 skipped;", "(cancelled)",
                    "Re-run the failed ones with: --retry-failed " + h.output);
            assertThat(h.output.resolve("report.html")).isNotEmptyFile();
            try (var files = Files.walk(h.output)) {
                assertThat(files.filter(f -> f.toString().endsWith(".tmp")).toList()).isEmpty();
            }
            BatchSummary summary = ResultFiles.readSummary(h.output);
            assertThat(summary.cancelled()).isTrue();
            RepoResult c3 = h.result(summary, "acme/c3");
            assertThat(c3.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(c3.error()).startsWith("cancelled while running");
            assertThat(c3.iterations()).isEqualTo(1);
            assertThat(c3.usage().totalTokens()).as("c3's first turn is paid for and counted").isPositive();
            assertThat(c3.cost()).isPositive();
            assertThat(h.result(summary, "acme/c4").error()).startsWith("cancelled before it started");
            long spentBefore = summary.totalTokens();

            StringWriter out = new StringWriter();
            int retried = CodyBatchCli.execute(new CliContext(env(h), new PrintWriter(out, true), new PrintWriter(out, true),
                    false, false, new EngineFactory(), Clock.systemUTC()), "run", "--retry-failed", h.output.toString());

            assertThat(retried).as(out.toString()).isZero();
            BatchSummary after = ResultFiles.readSummary(h.output);
            RepoResult c3After = h.result(after, "acme/c3");
            assertThat(c3After.previousAttempts()).singleElement().satisfies(a -> {
                assertThat(a.usage()).isEqualTo(c3.usage());
                assertThat(a.folder()).isEqualTo("attempts/1");
            });
            assertThat(h.output.resolve("repos/acme__c3/attempts/1/transcript.jsonl")).isNotEmptyFile();
            assertThat(after.totalTokens()).isGreaterThan(spentBefore + c3After.usage().totalTokens() - 1);
            h.assertComplete(4);
            h.scan(tmp.resolve("cli.out"), tmp.resolve("cli.err")).text("retry", out.toString()).assertClean();
            TALLY.add("Process", "Ctrl-C (SIGINT) while the third of four repositories waits for the API",
                    Outcome.RECOVERED, "exit 130, totals printed, report.html written; c3 FAILED cancelled with its"
                            + " first turn's tokens kept, c4 not started; --retry-failed finished both, c3's first"
                            + " attempt kept in previous_attempts", 0, 0,
                    "ctrlCStopsTheRunKeepsWhatWasSpentWritesTheReportAndExits130");
        }
    }

    @Test
    void aTimedOutRepositoryKeepsWhatItSpent() throws Exception {
        try (ProofHarness h = new ProofHarness(tmp)) {
            h.repository("t1");
            h.repository("t2");
            CountDownLatch release = new CountDownLatch(1);
            hangOnSecondTurn(h, "acme/t2", release);
            StringWriter out = new StringWriter();
            int exit;
            try {
                exit = CodyBatchCli.execute(new CliContext(env(h), new PrintWriter(out, true), new PrintWriter(out, true),
                        false, false, new EngineFactory(), Clock.systemUTC()), "run", "--prompt", "Add a CHANGES.md entry",
                        "--repo", "acme/t1", "--repo", "acme/t2", "--timeout", "3s", "--output", h.output.toString());
            } finally {
                release.countDown();
            }

            assertThat(exit).as(out.toString()).isEqualTo(CodyBatchCli.FAILURES);
            BatchSummary summary = ResultFiles.readSummary(h.output);
            RepoResult t2 = h.result(summary, "acme/t2");
            assertThat(t2.error()).startsWith("timed out after 3 s");
            assertThat(t2.iterations()).isEqualTo(1);
            assertThat(t2.usage().totalTokens()).isPositive();
            assertThat(summary.totalTokens()).isEqualTo(h.result(summary, "acme/t1").usage().totalTokens()
                    + t2.usage().totalTokens());
            assertThat(out.toString()).contains("FAILED     acme/t2  0 files  " + String.format(java.util.Locale.ROOT, "%,d",
                    t2.usage().totalTokens()) + " tokens");
        }
    }

    static int completed(Path output) {
        try {
            return ResultFiles.readSummary(output).count(RepoStatus.COMPLETED);
        } catch (Exception notYet) {
            return 0;
        }
    }

    @Test
    void aFullDiskGivesAClearErrorAndNoStackTrace() throws Exception {
        try (ProofHarness h = new ProofHarness(tmp)) {
            for (String name : List.of("d1", "d2", "d3")) {
                h.repository(name);
                // big answers make the transcripts outgrow the 64 KB disk
                h.claude.scripts.put("acme/" + name, (turn, request) -> turn == 0
                        ? reply("tool_use", text("z".repeat(30_000)), FakeClaude.toolUse("toolu_1", "str_replace_based_edit_tool",
                                "command", "create", "path", "CHANGES.md", "file_text", "- x\n"))
                        : reply("end_turn", text("done")));
            }
            Path full = Files.createDirectories(tmp.resolve("full"));
            boolean tmpfs = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", full.toString())
                    .inheritIO().start().waitFor() == 0;
            Path output = tmpfs ? full.resolve("out") : Files.writeString(full.resolve("a-file"), "in the way").resolve("out");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit;
            int umount = 0;
            List<String> leftovers = new ArrayList<>();
            try {
                exit = CodyBatchCli.execute(new CliContext(env(h), new PrintWriter(out, true), new PrintWriter(err, true),
                        false, false, new EngineFactory(), Clock.systemUTC()), "run", "--name", "disk", "--prompt", "x",
                        "--output", output.toString(), "--repo", "acme/d1", "--repo", "acme/d2", "--repo", "acme/d3");
                try (var files = Files.walk(full)) {
                    files.filter(f -> f.toString().endsWith(".tmp")).forEach(f -> leftovers.add(f.toString()));
                }
            } finally {
                if (tmpfs) {
                    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                        fds.forEach(fd -> {
                            try {
                                Path target = Files.readSymbolicLink(fd);
                                if (target.startsWith(full)) {
                                    leftovers.add("open: " + target);
                                }
                            } catch (Exception gone) {
                                // closed meanwhile
                            }
                        });
                    }
                    // "target is busy" would mean a file of the output folder was left open
                    umount = new ProcessBuilder("umount", full.toString()).inheritIO().start().waitFor();
                    if (umount != 0) {
                        new ProcessBuilder("umount", "-l", full.toString()).inheritIO().start().waitFor();
                    }
                }
            }
            assertThat(umount).as("no file left open on the full disk: " + leftovers).isZero();
            assertThat(leftovers).as("half-written .tmp files").isEmpty();
            String all = out + "\n" + err;
            assertThat(exit).isNotZero();
            assertThat(all).doesNotContain("\tat ", "Exception:");
            assertThat(all).containsAnyOf("No space left on device", "free space");
            new SecretScan(ProofHarness.API_KEY, ProofHarness.GITHUB_TOKEN).text("stdout", out.toString())
                    .text("stderr", err.toString()).texts("claude request", h.claude.bodies).assertClean();
            // Results that could not be written are lost from the folder (stdout still lists them): counted honestly.
            int notOnDisk = 0;
            for (String name : List.of("d1", "d2", "d3")) {
                if (!Files.exists(output.resolve("repos/acme__" + name + "/result.json"))) {
                    notOnDisk++;
                }
            }
            // which repository fills the disk first depends on timing: each has its line, and the failures say why
            List<String> lines = out.toString().lines().filter(l -> l.matches("^(COMPLETED|FAILED) +acme/d[123] .*")).toList();
            assertThat(lines).hasSize(3);
            assertThat(lines).filteredOn(l -> l.startsWith("FAILED")).isNotEmpty()
                    .allMatch(l -> l.contains("No space left on device") || l.contains("free space"));
            TALLY.add("Process", tmpfs ? "output folder on a full disk (64 KB tmpfs)" : "output folder blocked by a file",
                    Outcome.FAILED_AS_EXPECTED, "exit " + exit + "; stdout: " + out.toString().lines()
                            .filter(l -> l.startsWith("FAILED")).findFirst().orElse("").replaceAll("\\s+", " ")
                            + "; " + out.toString().lines().filter(l -> l.startsWith("warning")).findFirst().orElse(""),
                    notOnDisk, 0,
                    "aFullDiskGivesAClearErrorAndNoStackTrace");
        }
    }
}
