package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The live line as a person sees it: the real CLI process under a pseudo-terminal (util-linux {@code script}),
 * against the fake API, its terminal output read back byte for byte. The same run through a pipe has no live line.
 */
class LiveLineTerminalTest extends CliTestBase {

    @Test
    void onATerminalTheLiveLineCountsRepositoriesTokensAndCostAndGivesWayToEveryOtherLine() throws Exception {
        Path alpha = localRepo("alpha");
        Path beta = localRepo("beta");

        String screen = cli(true, alpha, beta, "terminal");

        String clear = "\r\033[K";
        assertThat(screen).contains(clear + "[0/2] running 0, 0s elapsed, ETA --, 0 tokens, $0.0000")
                .contains(clear + "STARTED    " + alpha + "\r\n" + clear + "[0/2] running 1, ")
                .contains(clear + "COMPLETED  alpha  2 files  3,160 tokens  $0.0119\r\n" + clear + "[1/2] running 0, ")
                .containsPattern("\\[1/2] running 0, \\d+s elapsed, ETA \\d+s, 3,160 tokens, \\$0\\.0119")
                .containsPattern("\\[2/2] running 0, \\d+s elapsed, ETA 0s, 6,320 tokens, \\$0\\.0237")
                .contains("terminal: 0 failed, 2 completed, 0 no changes, 0 skipped; 6,320 tokens, $0.0237");
        // the table starts on a clean line: the live line was taken away first
        assertThat(screen).contains(clear + "\r\n  REPOSITORY  STATUS");
    }

    @Test
    void throughAPipeThereIsNoLiveLine() throws Exception {
        String piped = cli(false, localRepo("alpha"), localRepo("beta"), "piped");

        assertThat(piped).contains("COMPLETED  alpha  2 files", "piped: 0 failed, 2 completed")
                .doesNotContain("\033[K").doesNotContain("running 0,");
    }

    /** Runs the CLI as its own process, under a pseudo-terminal or with its output to a file; returns the output. */
    private String cli(boolean terminal, Path alpha, Path beta, String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), CodyBatchCli.class.getName(), "run",
                "--api-url", anthropicServer.url("/").toString(), "--repo", alpha.toString(), "--repo",
                beta.toString(), "--prompt", "Greet Cody", "--name", name, "--parallel", "1", "--output",
                tmp.resolve(name).toString()));
        if (terminal) {
            StringBuilder line = new StringBuilder();
            for (String arg : command) {
                line.append('\'').append(arg.replace("'", "'\\''")).append("' ");
            }
            command = List.of("script", "-qfec", line.toString().strip(), "/dev/null");
        }
        Path screen = tmp.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(screen.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("GITHUB_"));
        builder.environment().put("ANTHROPIC_API_KEY", KEY);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the CLI finished").isTrue();
        String output = Files.readString(screen, StandardCharsets.UTF_8);
        allOutput.add(output);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
