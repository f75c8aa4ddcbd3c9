package io.jenkins.plugins.codybatch.e2e;

import io.jenkins.plugins.codybatch.cli.CliContext;
import io.jenkins.plugins.codybatch.cli.CodyBatchCli;
import io.jenkins.plugins.codybatch.cli.EngineFactory;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic.Mode;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * Results folders made by the real engine, through the command line, against the fake Anthropic API and the fake
 * GitHub (with a real bare repository to push to), once per test JVM: what every test of something a person reads
 * looks at, instead of hand-written JSON.
 *
 * <p>The code-change batch has a repository of every kind: completed with a pull request, completed with a stumble
 * (a tool error, then a summary holding HTML), completed without a pull request (local), no changes, failed (the API
 * refused the request), skipped (outside the allowlist), and one whose folder name holds HTML. The analysis batch
 * answers a question for two repositories.
 */
public final class RealResults {

    public static final String KEY = "sk-ant-api03-REAL-RESULTS-key-2718281828";
    public static final String TOKEN = "ghp_realResultsToken0123456789";
    /** A folder name a browser must show as text. */
    public static final String HOSTILE_NAME = "we<img src=x onerror=alert(1)>ird";
    public static final String CODE_PROMPT = "Greet Cody in README.md and add NOTES.md";
    public static final String ANALYSIS_PROMPT = "What does README.md say?";

    private static RealResults made;

    /** The code-change batch's output folder. */
    public final Path code;
    /** The analysis batch's output folder. */
    public final Path analysis;
    /** A batch with a verify command that fails until the model repairs the change. */
    public final Path checked;
    /** What each run printed on stdout and stderr. */
    public final String codeConsole;
    public final String analysisConsole;
    public final int codeExit;
    public final int analysisExit;

    /** NOTES.md must not keep a TODO, as the repair-minded fake model first leaves one. */
    public static final String CHECK = "if grep -n TODO NOTES.md; then echo 'FAIL: " + FakeAnthropic.TODO_FAILURE
            + "'; exit 1; fi; echo 'all checks passed'";

    private RealResults(Path code, Path analysis, Path checked, String codeConsole, String analysisConsole,
            int codeExit, int analysisExit) {
        this.code = code;
        this.analysis = analysis;
        this.checked = checked;
        this.codeConsole = codeConsole;
        this.analysisConsole = analysisConsole;
        this.codeExit = codeExit;
        this.analysisExit = analysisExit;
    }

    /** The results, made on first use under target/real-results. */
    public static synchronized RealResults get() {
        if (made == null) {
            try {
                made = make(Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                        "real-results-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return made;
    }

    static RealResults make(Path root) throws IOException, InterruptedException {
        FakeAnthropic anthropic = new FakeAnthropic(KEY);
        FakeGitHub gitHub = new FakeGitHub();
        gitHub.validToken = TOKEN;
        try (MockWebServer anthropicServer = new MockWebServer(); MockWebServer gitHubServer = new MockWebServer()) {
            anthropicServer.setDispatcher(anthropic);
            anthropicServer.start();
            gitHubServer.setDispatcher(gitHub);
            gitHubServer.start();
            Path repos = Files.createDirectories(root.resolve("repos"));
            Path widgets = repository(repos, "widgets");
            Path bare = repos.resolve("widgets.git");
            git(repos, "clone", "-q", "--bare", widgets.toString(), bare.toString());
            gitHub.addRepo("acme/widgets", bare.toUri().toString(), true);
            gitHub.addRepo("acme/blocked", bare.toUri().toString(), true);
            anthropic.mode("quiet", Mode.NO_CHANGE).mode("broken", Mode.BAD_REQUEST).mode("tripped", Mode.STUMBLE);
            List<String> code = new ArrayList<>(List.of("run", "--prompt", CODE_PROMPT, "--name", "greet-cody",
                    "--create-prs", "--parallel", "3", "--repo", "acme/widgets", "--repo", "acme/blocked",
                    "--allowed-repos", "acme/widgets,alpha,quiet,broken,tripped,we*"));
            for (String name : List.of("alpha", "quiet", "broken", "tripped", HOSTILE_NAME)) {
                code.addAll(List.of("--repo", repository(repos, name).toString()));
            }
            Path codeOut = root.resolve("code-results");
            code.addAll(List.of("--output", codeOut.toString()));
            String[] codeConsole = new String[1];
            int codeExit = cli(anthropicServer, gitHubServer, code, codeConsole);

            anthropic.defaultMode(Mode.ANALYSIS);
            Path analysisOut = root.resolve("analysis-results");
            String[] analysisConsole = new String[1];
            int analysisExit = cli(anthropicServer, gitHubServer, List.of("run", "--type", "analysis", "--prompt",
                    ANALYSIS_PROMPT, "--name", "readme-survey", "--repo", "acme/widgets", "--repo",
                    repos.resolve("alpha").toString(), "--output", analysisOut.toString()), analysisConsole);

            anthropic.defaultMode(Mode.REPAIR);
            Path checkedOut = root.resolve("checked-results");
            String[] checkedConsole = new String[1];
            if (cli(anthropicServer, gitHubServer, List.of("run", "--prompt", CODE_PROMPT, "--name", "greet-checked",
                    "--repo", repository(repos, "gated").toString(), "--verify-command", CHECK, "--output",
                    checkedOut.toString()), checkedConsole) != 0) {
                throw new IllegalStateException("the checked batch failed:\n" + checkedConsole[0]);
            }
            return new RealResults(codeOut, analysisOut, checkedOut, codeConsole[0], analysisConsole[0], codeExit,
                    analysisExit);
        }
    }

    private static int cli(MockWebServer anthropic, MockWebServer gitHub, List<String> args, String[] console) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--api-url", anthropic.url("/").toString(), "--github-api-url", gitHub.url("/").toString()));
        Map<String, String> env = new HashMap<>(Map.of("ANTHROPIC_API_KEY", KEY, "GITHUB_TOKEN", TOKEN));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CodyBatchCli.execute(new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true),
                false, false, new EngineFactory(), Clock.systemUTC()), all.toArray(String[]::new));
        console[0] = out + err.toString();
        return code;
    }

    /** A git repository with README.md "Hello from NAME" and one commit. */
    static Path repository(Path parent, String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(parent.resolve(name));
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("README.md"), "Hello from " + name + "\n");
        Files.writeString(dir.resolve("Main.java"), "class Main {}\n");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "base");
        return dir;
    }

    static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "init.defaultBranch=main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed:\n" + output);
        }
    }
}
