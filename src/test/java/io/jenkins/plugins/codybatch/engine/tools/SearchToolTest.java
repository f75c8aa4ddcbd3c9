package io.jenkins.plugins.codybatch.engine.tools;

import static io.jenkins.plugins.codybatch.engine.tools.ToolTestSupport.input;
import static io.jenkins.plugins.codybatch.engine.tools.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.results.JobType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchToolTest {

    @TempDir
    Path tmp;

    Path repo;
    Toolbox tools;

    @BeforeEach
    void setUp() throws Exception {
        repo = ToolTestSupport.gitRepo(tmp);
        tools = Toolbox.forJob(new Workspace(repo), JobType.ANALYSIS, 10_000);
        write(repo, ".gitignore", "build/\n*.log\n!keep.log\n");
        write(repo, "src/Main.java", "class Main {\n  // TODO: fix\n  void run() {}\n}\n");
        write(repo, "src/util/Util.java", "class Util {\n  // todo lower\n}\n");
        write(repo, "src/util/.gitignore", "generated/\n");
        write(repo, "src/util/generated/Gen.java", "// TODO: generated\n");
        write(repo, "build/Out.java", "// TODO: built\n");
        write(repo, "debug.log", "TODO: log\n");
        write(repo, "keep.log", "TODO: kept\n");
        write(repo, "docs/notes.md", "TODO: write docs\n");
        Files.write(repo.resolve("blob.bin"), "TODO\0binary".getBytes(StandardCharsets.UTF_8));
    }

    String search(Object... keyValues) {
        ToolResult result = tools.call(SearchTool.NAME, input(keyValues));
        assertThat(result.isError()).as(result.content()).isFalse();
        return result.content();
    }

    @Test
    void findsLinesRespectingGitignoreAndSkippingBinaries() {
        assertThat(search("pattern", "TODO:")).isEqualTo(
                "docs/notes.md:1: TODO: write docs\nkeep.log:1: TODO: kept\nsrc/Main.java:2:   // TODO: fix\n");
    }

    @Test
    void agreesWithGitGrep() throws Exception {
        for (String pattern : List.of("TODO", "class \\w+", "run\\(\\)", "fix$", "^class", "lo?w", "T(O)DO")) {
            assertThat(lines(search("pattern", pattern, "max_results", 500))).as(pattern)
                    .isEqualTo(gitGrep(pattern));
        }
    }

    @Test
    void globPathCaseAndCap() {
        assertThat(search("pattern", "class", "glob", "*.java")).contains("src/Main.java:1:").contains("src/util/Util.java:1:");
        assertThat(search("pattern", "TODO", "glob", "*.md")).isEqualTo("docs/notes.md:1: TODO: write docs\n");
        assertThat(search("pattern", "class", "glob", "src/util/**")).doesNotContain("Main.java");
        assertThat(search("pattern", "class", "path", "src/util")).isEqualTo("src/util/Util.java:1: class Util {\n");
        assertThat(search("pattern", "todo", "case_insensitive", true)).contains("src/util/Util.java:2:")
                .contains("src/Main.java:2:");
        assertThat(search("pattern", "TODO|class", "max_results", 2)).contains("[Showing the first 2 of 5 matching lines");
        assertThat(search("pattern", "nothing-like-this")).startsWith("No matches for /nothing-like-this/");
    }

    @Test
    void badInputIsAnError() {
        ToolResult bad = tools.call(SearchTool.NAME, input("pattern", "foo("));
        assertThat(bad.isError()).isTrue();
        assertThat(bad.content()).contains("invalid regular expression");
        assertThat(tools.call(SearchTool.NAME, input("glob", "*.java")).content()).contains("'pattern'");
        assertThat(tools.call(SearchTool.NAME, input("pattern", "x", "path", "nope")).content()).contains("does not exist");
        assertThat(tools.call(SearchTool.NAME, input("pattern", "x", "path", ".git")).content()).contains("inside .git");
    }

    @Test
    void findFilesByGlob() {
        String out = tools.call(FindFilesTool.NAME, input("pattern", "**/*.java")).content();
        assertThat(out).isEqualTo("src/Main.java\nsrc/util/Util.java\n");
        assertThat(tools.call(FindFilesTool.NAME, input("pattern", "*.log")).content()).isEqualTo("keep.log\n");
        assertThat(tools.call(FindFilesTool.NAME, input("pattern", "*.java", "path", "src/util")).content())
                .isEqualTo("src/util/Util.java\n");
        assertThat(tools.call(FindFilesTool.NAME, input("pattern", "HEAD")).content()).startsWith("No files match");
    }

    @Test
    void requiredLiteralNeverRejectsAMatchingLine() {
        List<String> lines = List.of("color", "colour", "colr", "foo.bar", "fooxbar", "abcabc", "xyz", "aaab", "b",
                "hello world", "hello  world", "prefix_suffix", "ab{2}", "a+b", "k=v");
        List<String> patterns = List.of("colou?r", "foo\\.bar", "foo.bar", "(abc)+", "a*b", "hello\\s+world",
                "prefix_(x)?suffix", "[ab]+c", "xy?z", "a{2}b", "a\\+b", "k=v", "hel+o", "col(o|ou)r", "^b$");
        for (String pattern : patterns) {
            byte[] literal = RequiredLiteral.of(pattern);
            for (String line : lines) {
                if (Pattern.compile(pattern).matcher(line).find() && literal != null) {
                    assertThat(SearchTool.indexOf(line.getBytes(StandardCharsets.UTF_8), literal))
                            .as(pattern + " on " + line + " with literal " + new String(literal, StandardCharsets.UTF_8))
                            .isGreaterThanOrEqualTo(0);
                }
            }
        }
        assertThat(new String(RequiredLiteral.of("foo\\.bar\\(x"), StandardCharsets.UTF_8)).isEqualTo("foo.bar(x");
        assertThat(RequiredLiteral.of("a|b")).isNull();
    }

    private static List<String> lines(String output) {
        List<String> result = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isEmpty()) {
                // ours: "path:line: text"; git grep -n: "path:line:text"
                int second = line.indexOf(':', line.indexOf(':') + 1);
                result.add(line.substring(0, second + 1) + line.substring(second + 2));
            }
        }
        return result;
    }

    private List<String> gitGrep(String pattern) throws Exception {
        Process process = new ProcessBuilder("git", "grep", "-n", "-I", "--untracked", "-P", pattern)
                .directory(repo.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        process.waitFor();
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(text.split("\n")));
    }
}
