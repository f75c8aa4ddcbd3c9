package io.jenkins.plugins.codybatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/cody-batch, the README's launcher, run as a process: the class-data sharing archive it keeps is written by
 * the first batch, kept once that JVM has gone, mapped by the next run, and never kept from a run that did not get
 * to its end; none of it shows in the output.
 */
class LauncherIT {

    private static final Path LAUNCHER = Paths.get("scripts", "cody-batch").toAbsolutePath();
    private static final String KEY = "sk-ant-api03-LAUNCHER-secret-key-1414213562";

    @TempDir
    Path tmp;

    private final MockWebServer server = new MockWebServer();
    private Path cache;

    record Result(int exitCode, String output) {}

    @BeforeEach
    void start() throws IOException {
        assertThat(Paths.get("target", "cody-batch-cli.jar")).as("run `mvn verify`: the jar is built in the package phase")
                .exists();
        server.setDispatcher(new FakeAnthropic(KEY));
        server.start();
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theFirstBatchLeavesAnArchiveOfItsClassesThatTheNextRunMaps() throws Exception {
        Path repo = CliJarIT.repository(tmp, "demo");

        Result first = launch(Map.of(), "run", "--repo", repo.toString(), "--prompt", "Greet Cody", "--output",
                tmp.resolve("first").toString());

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("COMPLETED  demo").doesNotContain("warning", "cds", "archive");
        List<Path> kept = awaitSettled();
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).getFileName().toString()).matches("classes-\\d+\\.jsa");

        Result second = runWithClassesFromTheArchive(repo, "second");

        assertThat(second.output()).contains("COMPLETED  demo").doesNotContain("warning", "[cds");
        assertThat(awaitSettled()).as("the second run wrote no archive of its own").isEqualTo(kept);
    }

    @Test
    void anArchiveWhoseWatcherWasStoppedIsKeptByTheNextRunAndOtherLeftoversAreDropped() throws Exception {
        Path repo = CliJarIT.repository(tmp, "demo");
        assertThat(launch(Map.of(), "run", "--repo", repo.toString(), "--prompt", "Greet Cody", "--output",
                tmp.resolve("first").toString()).exitCode()).isZero();
        Path kept = awaitSettled().get(0);
        // as a watcher stopped before it kept the archive (with the CI step that ran the CLI) leaves it
        Path left = kept.resolveSibling(kept.getFileName() + ".999999999.tmp");
        Files.move(kept, left);
        Files.writeString(left.resolveSibling(left.getFileName() + ".ready"), "");
        Path otherKey = Files.writeString(kept.resolveSibling("classes-1.jsa.999999998.tmp"), "half written");

        runWithClassesFromTheArchive(repo, "next");

        assertThat(awaitSettled()).containsExactly(kept);
        assertThat(otherKey).doesNotExist();
    }

    @Test
    void aCommandLineThatStopsBeforeTheBatchLeavesNoArchive() throws Exception {
        Result mistyped = launch(Map.of(), "run", "--repo", "x", "--no-such-flag");

        assertThat(mistyped.exitCode()).isEqualTo(2);
        assertThat(mistyped.output().strip()).startsWith("cody-batch: Unknown option: '--no-such-flag'")
                .doesNotContain("warning", "[cds");
        assertThat(awaitSettled()).isEmpty();
    }

    @Test
    void aCacheFolderThatCannotBeMadeOnlyLeavesTheArchiveOut() throws Exception {
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("cody-batch"), "a file where the folder would go\n");

        Result run = launch(Map.of(), "run", "--repo", CliJarIT.repository(tmp, "demo").toString(), "--prompt",
                "Greet Cody", "--output", tmp.resolve("out").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("COMPLETED  demo").doesNotContain("warning", "[cds", "archive");
    }

    /**
     * A batch run into {@code output} whose JVM logs where each class came from: it must succeed, and the CLI's classes
     * must come from the archive.
     */
    private Result runWithClassesFromTheArchive(Path repo, String output) throws Exception {
        Path classLog = tmp.resolve(output + "-class-load.log");
        Result run = launch(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classLog), "run", "--repo",
                repo.toString(), "--prompt", "Greet Cody", "--output", tmp.resolve(output).toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Files.readAllLines(classLog)).filteredOn(l -> l.contains(" io.jenkins.plugins.codybatch.cli.RunCommand "))
                .singleElement().asString().contains("source: shared objects file (top)");
        return run;
    }

    /** Waits (up to 30 s) until the launcher's watcher is done: no archive being written; returns what is kept. */
    private List<Path> awaitSettled() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<Path> files = files();
            if (files.stream().noneMatch(f -> f.toString().endsWith(".tmp") || f.toString().endsWith(".ready"))
                    || System.nanoTime() > deadline) {
                return files;
            }
            Thread.sleep(100);
        }
    }

    private List<Path> files() throws IOException {
        Path dir = cache.resolve("cody-batch");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("output.txt").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("GITHUB_")
                || k.startsWith("CODY_BATCH_") || k.equals("JAVA_OPTS") || k.equals("JAVA_TOOL_OPTIONS"));
        Map<String, String> set = new HashMap<>(Map.of("ANTHROPIC_API_KEY", KEY,
                "ANTHROPIC_BASE_URL", server.url("/").toString(), "XDG_CACHE_HOME", cache.toString()));
        set.putAll(env);
        environment.putAll(set);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cody-batch finished within 2 minutes").isTrue();
        return new Result(process.exitValue(), Files.readString(tmp.resolve("output.txt"), StandardCharsets.UTF_8));
    }
}
