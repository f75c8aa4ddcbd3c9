package io.jenkins.plugins.codybatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's quick start, run as written in bash from a folder laid out like a fresh clone (its scripts/ and the
 * target/ the build made), against a fake Anthropic API. The one line left out is the export of a placeholder key:
 * the test's environment holds the fake API's key and URL instead.
 */
class ReadmeQuickStartIT {

    private static final String KEY = "sk-ant-api03-README-secret-key-1618033988";
    private static final String MARKER = "<!-- quick start: run as written by ReadmeQuickStartIT -->";

    @TempDir
    Path tmp;

    @Test
    void theQuickStartWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```bash\n", readme.indexOf(MARKER)) + "```bash\n".length();
        String block = readme.substring(start, readme.indexOf("\n```", start));
        assertThat(block).contains("--dry-run", "export ANTHROPIC_API_KEY=sk-ant-...");
        String script = block.lines().filter(l -> !l.startsWith("export ANTHROPIC_API_KEY="))
                .collect(Collectors.joining("\n"));
        Path clone = Files.createDirectories(tmp.resolve("cody-batch"));
        Files.createSymbolicLink(clone.resolve("scripts"), Paths.get("scripts").toAbsolutePath());
        Files.createSymbolicLink(clone.resolve("target"), Paths.get("target").toAbsolutePath());

        try (MockWebServer api = new MockWebServer()) {
            api.setDispatcher(new FakeAnthropic(KEY));
            api.start();
            ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(clone.toFile())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("console.txt").toFile());
            bash.environment().keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("GITHUB_"));
            bash.environment().put("ANTHROPIC_API_KEY", KEY);
            bash.environment().put("ANTHROPIC_BASE_URL", api.url("/").toString());
            bash.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString()); // the launcher's class archive
            Process process = bash.start();
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
            String console = Files.readString(tmp.resolve("console.txt"), StandardCharsets.UTF_8);

            assertThat(process.exitValue()).as(console).isZero();
            assertThat(console).contains("WORK       hello  patch", "0 would fail, 1 would be worked",
                    "COMPLETED  hello", "0 failed, 1 completed");
            assertThat(api.getRequestCount()).isPositive();
        }
        Path output = clone.resolve("cody-batch-output");
        JsonNode summary = new ObjectMapper().readTree(output.resolve("summary.json").toFile());
        assertThat(summary.path("counts").path("COMPLETED").asInt()).isEqualTo(1);
        assertThat(output.resolve("report.html")).isRegularFile();
        assertThat(output.resolve("repos/hello/patch.diff")).isRegularFile();
        assertThat(tmp.resolve("hello/hello.py")).hasContent("print(\"Helo, world\")");
    }
}
