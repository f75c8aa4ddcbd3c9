package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic.Mode;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHub;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.ResultsSchema;
import java.io.IOException;
import java.io.InputStream;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command line through the real {@link EngineFactory} (ClaudeAgent over HTTP, GitRepositoryService with real
 * git, HtmlReport) against a fake Anthropic API and a fake GitHub on MockWebServer, with real git repositories; and
 * checks after each test that no secret reached any output or file.
 */
abstract class CliTestBase {

    static final String KEY = "sk-ant-api03-E2E-secret-key-31415926";
    static final String TOKEN = "ghp_fakeToken1234567890";

    @TempDir
    Path tmp;

    final MockWebServer anthropicServer = new MockWebServer();
    final MockWebServer gitHubServer = new MockWebServer();
    final FakeAnthropic anthropic = new FakeAnthropic(KEY);
    final FakeGitHub gitHub = new FakeGitHub();
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;
    final List<String> allOutput = new ArrayList<>();
    /** What the command reads as standard input. */
    InputStream stdin = InputStream.nullInputStream();

    @BeforeEach
    void setUp() throws IOException {
        anthropicServer.setDispatcher(anthropic);
        anthropicServer.start();
        gitHubServer.setDispatcher(gitHub);
        gitHubServer.start();
        env.put("ANTHROPIC_API_KEY", KEY);
    }

    @AfterEach
    void tearDown() throws IOException {
        anthropicServer.close();
        gitHubServer.close();
        // Whatever the test did, no secret reached stdout, stderr or any file written under the temp folder.
        for (String text : allOutput) {
            assertThat(text).doesNotContain(KEY).doesNotContain(TOKEN);
        }
        // every results folder the test made holds what the schema says
        try (Stream<Path> summaries = Files.walk(tmp)) {
            for (Path summary : summaries.filter(f -> f.getFileName().toString().equals("summary.json")).toList()) {
                ResultsSchema.assertValidFolder(summary.getParent());
            }
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/.git/")).toList()) {
                String content = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(KEY).doesNotContain(TOKEN);
            }
        }
    }

    int cli(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliContext context = new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), false, false,
                new EngineFactory(), Clock.systemUTC(), stdin);
        int code = CodyBatchCli.execute(context, args);
        allOutput.add(out.toString());
        allOutput.add(err.toString());
        return code;
    }

    /** cli(...) with the fake API's URL and the given arguments. */
    int run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--api-url", anthropicServer.url("/").toString(),
                "--github-api-url", gitHubServer.url("/").toString()));
        all.addAll(List.of(args));
        return cli(all.toArray(String[]::new));
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("git " + String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }

    /** A local repository with README.md "Hello from NAME" and one commit. */
    Path localRepo(String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(tmp.resolve("repos").resolve(name));
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("README.md"), "Hello from " + name + "\n");
        Files.writeString(dir.resolve("Main.java"), "class Main {}\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "base");
        return dir;
    }

    static JsonNode json(Path file) throws IOException {
        return Json.MAPPER.readTree(file.toFile());
    }

    static void assertOneLineUsageError(int code, String stderr, String expected) {
        assertThat(code).isEqualTo(CodyBatchCli.USAGE);
        assertThat(stderr.strip()).contains(expected).doesNotContain("\n").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

}
