package io.jenkins.plugins.codybatch.engine.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code sh} processes: environment, exit codes, output tail, masking and killing the process tree. */
class CheckRunnerTest {

    static final String KEY = "sk-ant-api03-CHECK-secret-key-27182818";
    static final String TOKEN = "ghp_CheckToken0123456789abcdefABCDEF";

    @TempDir
    Path tmp;

    final CheckRunner runner = new CheckRunner(Map.of(
            "ANTHROPIC_API_KEY", KEY,
            "GITHUB_TOKEN", TOKEN,
            "GH_TOKEN", "some-other-gh-token-value",
            "CLONE_URL", "https://x-access-token:" + TOKEN + "@github.com/acme/app.git",
            "RENAMED_KEY", KEY,
            "ANTHROPIC_BASE_URL", "https://gateway.example",
            "BUILD_FLAVOUR", "nightly"), Redactor.of(KEY, TOKEN));

    CheckRun run(String command, Duration timeout) throws Exception {
        return runner.run(command, tmp, timeout);
    }

    @Test
    void theCommandRunsInTheDirectoryAndReportsItsExitCode() throws Exception {
        Files.writeString(tmp.resolve("marker.txt"), "here\n");

        CheckRun passing = run("cat marker.txt; echo to-stderr >&2", Duration.ofSeconds(30));
        CheckRun failing = run("echo broken; exit 3", Duration.ofSeconds(30));

        assertThat(passing.passed()).isTrue();
        assertThat(passing.exitCode()).isZero();
        assertThat(passing.outputTail()).isEqualTo("here\nto-stderr");
        assertThat(failing.passed()).isFalse();
        assertThat(failing.exitCode()).isEqualTo(3);
        assertThat(failing.timedOut()).isFalse();
        assertThat(failing.outputTail()).isEqualTo("broken");
        assertThat(failing.command()).isEqualTo("echo broken; exit 3");
    }

    @Test
    void theEnvironmentHoldsNoSecretOfTheJobButTheRestOfTheVariables() throws Exception {
        Path dump = tmp.resolve("env.txt");

        CheckRun result = run("env > '" + dump + "'", Duration.ofSeconds(30));

        assertThat(result.passed()).as(result.outputTail()).isTrue();
        String environment = Files.readString(dump);
        assertThat(environment).doesNotContain(KEY).doesNotContain(TOKEN).doesNotContain("some-other-gh-token-value")
                .doesNotContain("ANTHROPIC_API_KEY=").doesNotContain("GITHUB_TOKEN=").doesNotContain("GH_TOKEN=")
                .doesNotContain("CLONE_URL=").doesNotContain("RENAMED_KEY=");
        assertThat(environment).contains("BUILD_FLAVOUR=nightly", "ANTHROPIC_BASE_URL=https://gateway.example",
                "PATH=" + System.getenv("PATH"));
    }

    @Test
    void secretsAndSecretLookingTokensAreMaskedInTheOutput() throws Exception {
        String half = KEY.substring(0, 12);
        String rest = KEY.substring(12);
        String foreign = "ghp_" + "Zyxwvutsrqponmlkjihg" + "fedcba9876543210";

        CheckRun result = run("printf 'key: %s%s\\n' '" + half + "' '" + rest + "'; printf 'found GH_TOKEN=%s%s in"
                + " settings.xml\\n' ghp_Zyxwvutsrqponmlkjihg fedcba9876543210; echo done", Duration.ofSeconds(30));

        assertThat(result.outputTail()).isEqualTo("key: ****\nfound GH_TOKEN=**** in settings.xml\ndone")
                .doesNotContain(KEY).doesNotContain(foreign);
    }

    @Test
    void theTailKeepsTheLastTwoHundredLinesAndAtMostSixteenKilobytes() throws Exception {
        CheckRun lines = run("i=1; while [ $i -le 1000 ]; do echo line $i; i=$((i+1)); done; exit 1",
                Duration.ofSeconds(60));
        CheckRun wide = run("head -c 100000 /dev/zero | tr '\\0' x; echo; echo last", Duration.ofSeconds(30));

        assertThat(lines.outputTail().lines().toList()).hasSize(OutputTail.MAX_LINES + 1)
                .startsWith("[earlier output left out; the last 200 lines follow]", "line 801")
                .endsWith("line 1000");
        assertThat(wide.outputTail().length()).isLessThanOrEqualTo(OutputTail.MAX_CHARS + 100);
        assertThat(wide.outputTail()).startsWith("[earlier output left out").endsWith("\nlast");
    }

    @Test
    void atTheTimeoutTheWholeProcessTreeIsKilledEvenAnOrphanedGrandchild() throws Exception {
        Path child = tmp.resolve("child.pid");
        Path orphan = tmp.resolve("orphan.pid");
        // a background grandchild under sh, and one whose parent subshell exits at once (re-parented to init):
        // killing only sh, the naive kill, leaves both running
        String command = "sleep 300 & echo $! > '" + child + "'; (sleep 301 & echo $! > '" + orphan + "'); echo"
                + " started; sleep 302";

        AtomicReference<Boolean> aliveWhileRunning = new AtomicReference<>();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            try {
                while (!Files.exists(orphan) || Files.readString(orphan).isBlank()) {
                    Thread.sleep(20);
                }
                long pid = Long.parseLong(Files.readString(orphan).strip());
                Thread.sleep(200);
                ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
                aliveWhileRunning.set(handle.isAlive()
                        && handle.parent().map(p -> !p.info().command().orElse("").endsWith("sh")).orElse(true));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CheckRun result = run(command, Duration.ofSeconds(3));
        watcher.get(10, TimeUnit.SECONDS);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isNull();
        assertThat(result.passed()).isFalse();
        assertThat(result.outputTail()).isEqualTo("started");
        assertThat(aliveWhileRunning.get()).as("the orphan ran outside sh's tree").isTrue();
        assertThat(alive(child)).as("background child").isFalse();
        assertThat(alive(orphan)).as("orphaned grandchild").isFalse();
    }

    @Test
    void processesLeftRunningByAPassingCommandAreKilledToo() throws Exception {
        Path child = tmp.resolve("daemon.pid");

        CheckRun result = run("sleep 300 & echo $! > '" + child + "'; echo ok", Duration.ofSeconds(30));

        assertThat(result.passed()).isTrue();
        assertThat(result.outputTail()).isEqualTo("ok");
        assertThat(alive(child)).isFalse();
    }

    @Test
    void cancellationKillsTheCommandAndIsReported() throws Exception {
        Path child = tmp.resolve("child.pid");
        Thread caller = Thread.currentThread();
        CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
            try {
                while (!Files.exists(child) || Files.readString(child).isBlank()) {
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            caller.interrupt();
        });

        assertThatThrownBy(() -> run("sleep 300 & echo $! > '" + child + "'; wait", Duration.ofMinutes(5)))
                .isInstanceOf(InterruptedException.class);
        interrupter.get(10, TimeUnit.SECONDS);
        assertThat(alive(child)).isFalse();
    }

    @Test
    void aDirectoryThatDoesNotExistIsAFailedRunThatSaysWhy() throws Exception {
        CheckRun result = runner.run("true", tmp.resolve("missing"), Duration.ofSeconds(5));

        assertThat(result.passed()).isFalse();
        assertThat(result.exitCode()).isNull();
        assertThat(result.outputTail()).startsWith("Could not start sh -c in " + tmp.resolve("missing"));
    }

    private static boolean alive(Path pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
