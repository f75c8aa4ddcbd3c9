package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic.Mode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a run prints, on real runs through the engine against the fake API: a line when each repository starts and
 * ends, the final table in input order, the totals with the failures first; --json for scripts, --quiet, --verbose;
 * and standard input for --prompt-file - and --repos-file -.
 */
class CliConsoleTest extends CliTestBase {

    Path alpha;
    Path beta;
    Path output;

    @BeforeEach
    void repositories() throws Exception {
        alpha = localRepo("alpha");
        beta = localRepo("beta");
        output = tmp.resolve("out");
        anthropic.mode("beta", Mode.BAD_REQUEST);
    }

    @Test
    void linesWhenEachRepositoryStartsAndEndsThenTheTableInInputOrderThenTheTotals() {
        int code = run("--repo", beta.toString(), "--repo", alpha.toString(), "--prompt", "Greet Cody", "--name",
                "greet", "--output", output.toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.FAILURES);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).contains("STARTED    " + alpha, "STARTED    " + beta);
        assertThat(lines).anyMatch(l -> l.startsWith("COMPLETED  alpha  2 files  3,160 tokens  $0.0119"));
        assertThat(lines).anyMatch(l -> l.startsWith("FAILED     beta  0 files  0 tokens  $0.0000  The Claude API rejected"));
        int table = lines.indexOf("  REPOSITORY  STATUS     FILES  TOKENS     COST  PULL REQUEST");
        assertThat(table).as(out.toString()).isPositive();
        assertThat(lines.subList(table + 1, table + 3)).containsExactly(
                "  beta        FAILED         0       0  $0.0000  -",
                "  alpha       COMPLETED      2   3,160  $0.0119  -");
        assertThat(lines.get(table + 3)).isEqualTo("greet: 1 failed, 1 completed, 0 no changes, 0 skipped; 3,160"
                + " tokens, $0.0119");
        assertThat(lines).contains("Re-run the failed ones with: --retry-failed " + output);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonPrintsExactlySummaryJsonOnStdoutAndThePeoplesLinesOnStderr() throws Exception {
        int code = run("--repo", alpha.toString(), "--repo", beta.toString(), "--prompt", "Greet Cody", "--output",
                output.toString(), "--json");

        assertThat(code).isEqualTo(CodyBatchCli.FAILURES);
        JsonNode printed = Json.MAPPER.readTree(out.toString());
        assertThat(printed).isEqualTo(json(output.resolve("summary.json")));
        assertThat(printed.path("counts").path("FAILED").asInt()).isEqualTo(1);
        assertThat(printed.path("repositories").get(0).path("result").path("files_changed").toString())
                .isEqualTo("[\"NOTES.md\",\"README.md\"]");
        assertThat(err.toString()).contains("STARTED    " + alpha, "COMPLETED  alpha", "1 failed, 1 completed");
    }

    @Test
    void quietPrintsOnlyTheTotalsAndVerboseAddsFoldersAndTheModelsWords() {
        run("--repo", alpha.toString(), "--prompt", "Greet Cody", "--name", "greet", "--output", output.toString(),
                "--quiet");
        assertThat(out.toString().lines().toList()).containsExactly(
                "greet: 0 failed, 1 completed, 0 no changes, 0 skipped; 3,160 tokens, $0.0119",
                "Results: " + output.resolve("summary.json") + "  Report: " + output.resolve("report.html"));

        run("--repo", alpha.toString(), "--prompt", "Greet Cody", "--output", tmp.resolve("verbose").toString(), "-v");
        assertThat(out.toString()).contains("STARTED    " + alpha + "  -> " + tmp.resolve("verbose/repos/alpha"),
                "           the model: Greeted Cody in README.md and added NOTES.md.");

        assertOneLineUsageError(run("--repo", alpha.toString(), "--prompt", "x", "-q", "-v"), err.toString(),
                "give --quiet or --verbose, not both");
    }

    @Test
    void thePromptAndTheRepositoriesCanComeFromStandardInput() throws Exception {
        stdin = new ByteArrayInputStream("Greet Cody\nin the README\n".getBytes(StandardCharsets.UTF_8));
        int code = run("--repo", alpha.toString(), "--prompt-file", "-", "--output", output.toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(json(output.resolve("summary.json")).path("job").path("prompt").asText())
                .isEqualTo("Greet Cody\nin the README");

        Files.writeString(tmp.resolve("prompt.md"), "Greet Cody");
        stdin = new ByteArrayInputStream(("# the list\n" + alpha + "\n\n" + alpha + "  # twice\n")
                .getBytes(StandardCharsets.UTF_8));
        code = run("--repos-file", "-", "--prompt-file", tmp.resolve("prompt.md").toString(), "--output",
                tmp.resolve("second").toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        assertThat(json(tmp.resolve("second/summary.json")).path("job").path("repositories").toString())
                .isEqualTo("[\"" + alpha + "\"]");

        assertOneLineUsageError(run("--repos-file", "-", "--prompt-file", "-"), err.toString(),
                "only one of --prompt-file and --repos-file can read standard input (-)");
    }
}
