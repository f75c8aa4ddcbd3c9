package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script of {@code cody-batch generate-completion}, loaded into a real bash and asked to complete. */
class CompletionTest {

    @TempDir
    Path tmp;

    @Test
    void bashCompletesCommandsAndTheRegistrysFlags() throws Exception {
        StringWriter out = new StringWriter();
        CliContext context = new CliContext(Map.of(), new PrintWriter(out, true), new PrintWriter(new StringWriter(),
                true), false, false, new EngineFactory(), Clock.systemUTC());
        assertThat(CodyBatchCli.execute(context, "generate-completion")).isZero();
        Path script = Files.writeString(tmp.resolve("cody-batch-completion.bash"), out.toString());

        assertThat(complete(script, "cody-batch", "r")).containsExactly("run");
        assertThat(complete(script, "cody-batch", "run", "--dry")).containsExactly("--dry-run");
        assertThat(complete(script, "cody-batch", "run", "--max-job")).containsExactlyInAnyOrder("--max-job-cost",
                "--max-job-tokens");
        assertThat(complete(script, "cody-batch", "run", "--fork")).containsExactlyInAnyOrder("--fork",
                "--fork-organization");
    }

    /** What bash offers for the last word, as when Tab is pressed after it. */
    private List<String> complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String program = "source '" + script + "'; COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_cody-batch 2>/dev/null;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(false).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    }
}
