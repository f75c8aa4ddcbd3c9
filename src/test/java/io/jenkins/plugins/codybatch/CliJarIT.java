package io.jenkins.plugins.codybatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged target/cody-batch-cli.jar as its own process ({@code java -jar}) against a fake Anthropic API,
 * so the bundled OkHttp, Jackson, JGit, github-api, picocli and merged META-INF/services are proven to work
 * outside the test class path.
 */
class CliJarIT {

    private static final Path JAR = Paths.get("target", "cody-batch-cli.jar").toAbsolutePath();
    private static final String KEY = "sk-ant-api03-JAR-secret-key-2718281828";

    @TempDir
    Path tmp;

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        assertThat(JAR).as("run `mvn verify`: the CLI jar is built in the package phase").exists();
        server.setDispatcher(new FakeAnthropic(KEY));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Result(int exitCode, String stdout, String stderr) {}

    private Result java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(tmp.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("GITHUB_")
                || k.startsWith("CLAUDE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cody-batch finished within 2 minutes").isTrue();
        return new Result(process.exitValue(), Files.readString(tmp.resolve("stdout.txt")),
                Files.readString(tmp.resolve("stderr.txt")));
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "init.defaultBranch=main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("git " + String.join(" ", args) + ":\n" + output).isZero();
    }

    /** A git repository with one commit in {@code parent}: README.md saying "Hello from NAME". */
    static Path repository(Path parent, String name) throws Exception {
        Path repo = Files.createDirectories(parent.resolve(name));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("README.md"), "Hello from " + name + "\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "base");
        return repo;
    }

    @Test
    void runsAChangeOnALocalRepositoryFromTheJar() throws Exception {
        Path repo = repository(tmp, "demo");
        Path output = tmp.resolve("results");

        Result run = java(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.url("/").toString()),
                "run", "--repo", repo.toString(), "--prompt", "Greet Cody", "--name", "jar-demo",
                "--output", output.toString());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("COMPLETED  demo  2 files",
                "jar-demo: 0 failed, 1 completed, 0 no changes, 0 skipped");
        Path dir = output.resolve("repos/demo");
        assertThat(Files.readString(dir.resolve("patch.diff"))).contains("+Hello, Cody from demo", "+++ b/NOTES.md");
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(result.path("usage").path("output_tokens").asInt()).isEqualTo(160);
        assertThat(Files.readString(dir.resolve("transcript.jsonl"))).contains("str_replace_based_edit_tool");
        assertThat(Files.readString(output.resolve("report.html"))).contains("jar-demo");
        assertThat(run.stdout() + run.stderr()).doesNotContain(KEY);
        for (Path file : List.of(output.resolve("summary.json"), output.resolve("report.html"), dir.resolve("patch.diff"),
                dir.resolve("transcript.jsonl"), dir.resolve("result.json"))) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void theVerifyCommandOfTheJarDoesNotInheritTheKeyFromTheProcessEnvironment() throws Exception {
        Path repo = repository(tmp, "checked");
        Path dump = tmp.resolve("check-env.txt");
        Path output = tmp.resolve("results");

        Result run = java(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.url("/").toString(),
                "GITHUB_TOKEN", "ghp_jarToken0123456789abcdefgh", "BUILD_FLAVOUR", "nightly"),
                "run", "--repo", repo.toString(), "--prompt", "Greet Cody", "--output", output.toString(),
                "--verify-command", "env > '" + dump + "'; grep -q 'Hello, Cody' README.md");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("COMPLETED  checked  2 files", "check passed (1 run)");
        String environment = Files.readString(dump);
        assertThat(environment).doesNotContain(KEY).doesNotContain("ghp_jarToken0123456789abcdefgh")
                .doesNotContain("ANTHROPIC_API_KEY=").doesNotContain("GITHUB_TOKEN=");
        assertThat(environment).contains("BUILD_FLAVOUR=nightly", "ANTHROPIC_BASE_URL=" + server.url("/"), "PATH=");
        JsonNode result = new ObjectMapper().readTree(output.resolve("repos/checked/result.json").toFile());
        assertThat(result.path("verification").path("passed").asBoolean()).isTrue();
    }

    @Test
    void doctorFromTheJarReachesTheApiAndGit() throws Exception {
        Result doctor = java(Map.of("ANTHROPIC_API_KEY", KEY), "doctor", "--api-url", server.url("/").toString(),
                "--model", FakeAnthropic.MODEL, "--output", tmp.resolve("out").toString());

        assertThat(doctor.stdout()).contains("ok   git: git version",
                "ok   Anthropic API: API key accepted; model " + FakeAnthropic.MODEL);
        // No GitHub token: the GitHub check passes with a note, so every check is ok.
        assertThat(doctor.exitCode()).as(doctor.stdout() + doctor.stderr()).isZero();
    }

    @Test
    void versionAndHelp() throws Exception {
        Result version = java(Map.of(), "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout().strip()).matches("cody-batch \\d+\\.\\d+.*");

        Result help = java(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("Usage: cody-batch", "run", "doctor", "Exit codes:");

        Result runHelp = java(Map.of(), "run", "--help");
        assertThat(runHelp.exitCode()).isZero();
        assertThat(runHelp.stdout()).contains("--retry-failed", "ANTHROPIC_API_KEY");
        assertThat(runHelp.stderr()).isEmpty();
    }

    @Test
    void usageErrorFromTheJarIsOneLine() throws Exception {
        Result missingKey = java(Map.of(), "run", "--repo", tmp.toString(), "--prompt", "x");

        assertThat(missingKey.exitCode()).isEqualTo(2);
        assertThat(missingKey.stderr().strip()).isEqualTo(
                "cody-batch: ANTHROPIC_API_KEY is not set; export your Anthropic API key first (a --dry-run needs none)");
    }
}
