package io.jenkins.plugins.codybatch.engine.tools;

import static io.jenkins.plugins.codybatch.engine.tools.ToolTestSupport.input;
import static io.jenkins.plugins.codybatch.engine.tools.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.results.JobType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEditorToolTest {

    @TempDir
    Path tmp;

    Path repo;
    Toolbox tools;

    @BeforeEach
    void setUp() throws Exception {
        repo = ToolTestSupport.gitRepo(tmp);
        tools = Toolbox.forJob(new Workspace(repo), JobType.CODE_PATTERN_UPDATE, 2000);
    }

    ToolResult edit(Object... keyValues) {
        return tools.call(TextEditorTool.NAME, input(keyValues));
    }

    String ok(Object... keyValues) {
        ToolResult result = edit(keyValues);
        assertThat(result.isError()).as(result.content()).isFalse();
        return result.content();
    }

    String error(Object... keyValues) {
        ToolResult result = edit(keyValues);
        assertThat(result.isError()).as(result.content()).isTrue();
        assertThat(result.content()).startsWith("Error: ");
        return result.content();
    }

    @Test
    void declaresTheAnthropicEditor() {
        assertThat(tools.definitions().get(0).toString())
                .isEqualTo("{\"type\":\"text_editor_20250728\",\"name\":\"str_replace_based_edit_tool\",\"max_characters\":2000}");
    }

    @Test
    void viewShowsLineNumbersAndRanges() throws Exception {
        write(repo, "src/A.java", "one\ntwo\nthree\nfour\n");
        assertThat(ok("command", "view", "path", "src/A.java")).isEqualTo("1: one\n2: two\n3: three\n4: four\n");
        assertThat(ok("command", "view", "path", "/src/A.java", "view_range", List.of(2, 3))).isEqualTo("2: two\n3: three\n");
        assertThat(ok("command", "view", "path", "src/A.java", "view_range", List.of(3, -1))).isEqualTo("3: three\n4: four\n");
        assertThat(error("command", "view", "path", "src/A.java", "view_range", List.of(3, 9)))
                .contains("has 4 lines").contains("end -1");
        assertThat(error("command", "view", "path", "src/A.java", "view_range", List.of(0, 2))).contains("invalid view_range");
        assertThat(error("command", "view", "path", "src/A.java", "view_range", "1-2")).contains("two integers");
        assertThat(error("command", "view", "path", "src/Missing.java")).contains("File not found");
    }

    @Test
    void viewTruncatesAtMaxCharactersWithANote() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            big.append("line number ").append(i).append('\n');
        }
        write(repo, "big.txt", big.toString());
        String out = ok("command", "view", "path", "big.txt");
        assertThat(out).startsWith("1: line number 0\n").contains("[Output truncated: showing the first 2000 of")
                .contains("the file has 500 lines").contains("view_range");
        assertThat(out.length()).isLessThan(2200);
    }

    @Test
    void viewListsDirectoriesTwoLevelsDeepWithoutHiddenOrGit() throws Exception {
        write(repo, "src/main/App.java", "x");
        write(repo, "src/main/deep/Deeper.java", "x");
        write(repo, "README.md", "x");
        write(repo, ".hidden/secret.txt", "x");
        write(repo, ".env", "x");
        String out = ok("command", "view", "path", "/");
        assertThat(out).contains("README.md\n").contains("src/\n").contains("src/main/\n")
                .doesNotContain("App.java").doesNotContain(".git").doesNotContain(".hidden").doesNotContain(".env");
        assertThat(ok("command", "view", "path", "src")).contains("src/main/App.java").contains("src/main/deep/")
                .doesNotContain("Deeper.java");
    }

    @Test
    void createMakesParentDirectoriesAndOverwrites() throws Exception {
        assertThat(ok("command", "create", "path", "new/dir/File.txt", "file_text", "hello\n"))
                .contains("File created successfully at: new/dir/File.txt");
        assertThat(Files.readString(repo.resolve("new/dir/File.txt"))).isEqualTo("hello\n");
        assertThat(ok("command", "create", "path", "new/dir/File.txt", "file_text", "bye\n")).contains("Overwrote");
        assertThat(Files.readString(repo.resolve("new/dir/File.txt"))).isEqualTo("bye\n");
        assertThat(error("command", "create", "path", "new")).contains("file_text");
        assertThat(error("command", "create", "path", "new", "file_text", "x")).contains("is a directory");
    }

    @Test
    void strReplaceNeedsExactlyOneMatch() throws Exception {
        write(repo, "a.txt", "alpha\nbeta\nalpha\ngamma\nalpha\n");
        assertThat(error("command", "str_replace", "path", "a.txt", "old_str", "alpha", "new_str", "x"))
                .contains("Found 3 matches").contains("lines 1, 3, 5").contains("more context");
        assertThat(error("command", "str_replace", "path", "a.txt", "old_str", "delta", "new_str", "x"))
                .contains("No match found for replacement");
        assertThat(ok("command", "str_replace", "path", "a.txt", "old_str", "beta\nalpha", "new_str", "BETA"))
                .contains("Successfully replaced text at exactly one location (line 2");
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("alpha\nBETA\ngamma\nalpha\n");
        ok("command", "str_replace", "path", "a.txt", "old_str", "gamma\n");
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("alpha\nBETA\nalpha\n");
        assertThat(error("command", "str_replace", "path", "a.txt", "old_str", "")).contains("non-empty old_str");
        assertThat(error("command", "str_replace", "path", "nope.txt", "old_str", "a")).contains("File not found");
    }

    @Test
    void strReplaceKeepsWindowsLineEndings() throws Exception {
        write(repo, "w.txt", "one\r\ntwo\r\nthree\r\n");
        ok("command", "str_replace", "path", "w.txt", "old_str", "one\ntwo", "new_str", "1\n2");
        assertThat(Files.readString(repo.resolve("w.txt"))).isEqualTo("1\r\n2\r\nthree\r\n");
    }

    @Test
    void insertAfterALine() throws Exception {
        write(repo, "i.txt", "a\nb\n");
        ok("command", "insert", "path", "i.txt", "insert_line", 0, "insert_text", "top");
        ok("command", "insert", "path", "i.txt", "insert_line", 2, "insert_text", "middle\n");
        ok("command", "insert", "path", "i.txt", "insert_line", 4, "new_str", "end");
        assertThat(Files.readString(repo.resolve("i.txt"))).isEqualTo("top\na\nmiddle\nb\nend\n");
        write(repo, "n.txt", "no newline");
        ok("command", "insert", "path", "n.txt", "insert_line", 1, "insert_text", "next");
        assertThat(Files.readString(repo.resolve("n.txt"))).isEqualTo("no newline\nnext\n");
        assertThat(error("command", "insert", "path", "i.txt", "insert_line", 9, "insert_text", "x"))
                .contains("out of range").contains("has 5 lines");
        assertThat(error("command", "insert", "path", "i.txt", "insert_text", "x")).contains("insert_line");
        assertThat(error("command", "insert", "path", "i.txt", "insert_line", 1)).contains("insert_text");
    }

    @Test
    void binaryNonUtf8AndHugeFiles() throws Exception {
        Files.write(repo.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        assertThat(error("command", "view", "path", "image.png")).contains("binary file");
        Files.write(repo.resolve("latin1.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        ToolResult latin = edit("command", "view", "path", "latin1.txt");
        assertThat(latin.isError()).isFalse();
        assertThat(latin.content()).contains("not valid UTF-8").contains("1: caf\uFFFD");
        assertThat(error("command", "str_replace", "path", "latin1.txt", "old_str", "caf", "new_str", "x"))
                .contains("not valid UTF-8");
        Files.write(repo.resolve("huge.txt"), new byte[(int) TextFiles.MAX_BYTES + 1]);
        assertThat(error("command", "view", "path", "huge.txt")).contains("more than the").contains("search tool");
    }

    @Test
    void badCommandsAndInputsAreErrors() {
        assertThat(error("command", "delete", "path", "a")).contains("unknown command 'delete'");
        assertThat(error("command", "undo_edit", "path", "a")).contains("undo_edit is not available");
        assertThat(error("path", "a")).contains("missing required parameter 'command'");
        assertThat(error("command", "view", "path", 42)).contains("must be a string");
        ToolResult notObject = tools.call(TextEditorTool.NAME, ToolTestSupport.MAPPER.valueToTree(List.of(1)));
        assertThat(notObject.isError()).isTrue();
        assertThat(notObject.content()).contains("must be a JSON object");
        ToolResult unknown = tools.call("bash", input("command", "ls"));
        assertThat(unknown.isError()).isTrue();
        assertThat(unknown.content()).contains("unknown tool 'bash'").contains("search");
    }

    @Test
    void analysisJobsCannotWrite() throws Exception {
        Toolbox readOnly = Toolbox.forJob(new Workspace(repo), JobType.ANALYSIS, 2000);
        write(repo, "a.txt", "a\n");
        assertThat(readOnly.call(TextEditorTool.NAME, input("command", "view", "path", "a.txt")).isError()).isFalse();
        for (String command : List.of("create", "str_replace", "insert")) {
            ToolResult result = readOnly.call(TextEditorTool.NAME,
                    input("command", command, "path", "a.txt", "file_text", "x", "old_str", "a", "insert_line", 0,
                            "insert_text", "x"));
            assertThat(result.isError()).isTrue();
            assertThat(result.content()).contains("read-only analysis job");
        }
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
        assertThat(readOnly.names()).containsExactly(TextEditorTool.NAME, SearchTool.NAME, FindFilesTool.NAME);
    }
}
