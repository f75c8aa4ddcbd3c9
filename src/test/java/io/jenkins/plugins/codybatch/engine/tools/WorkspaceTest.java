package io.jenkins.plugins.codybatch.engine.tools;

import static io.jenkins.plugins.codybatch.engine.tools.ToolTestSupport.input;
import static io.jenkins.plugins.codybatch.engine.tools.ToolTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.results.JobType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tools never read or write outside the checkout or inside .git, whatever path the model sends. */
class WorkspaceTest {

    @TempDir
    Path tmp;

    Path repo;
    Path outside;
    Workspace workspace;
    Toolbox tools;

    @BeforeEach
    void setUp() throws Exception {
        repo = ToolTestSupport.gitRepo(tmp);
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET\n");
        workspace = new Workspace(repo);
        tools = Toolbox.forJob(workspace, JobType.CODE_PATTERN_UPDATE, 10_000);
    }

    ToolResult call(String tool, Object... keyValues) {
        return tools.call(tool, input(keyValues));
    }

    @Test
    void leadingSlashMeansTheRoot() throws Exception {
        write(repo, "etc/passwd", "repo file\n");
        assertThat(workspace.resolve("/etc/passwd")).isEqualTo(repo.toRealPath().resolve("etc/passwd"));
        assertThat(call(TextEditorTool.NAME, "command", "view", "path", "/etc/passwd").content()).contains("repo file");
        assertThat(workspace.resolve("/")).isEqualTo(repo.toRealPath());
        assertThat(workspace.resolve(repo.toRealPath() + "/etc/passwd")).isEqualTo(repo.toRealPath().resolve("etc/passwd"));
    }

    @Test
    void dotDotEscapesAreRefused() {
        for (String path : new String[] {"../outside/secret.txt", "src/../../outside/secret.txt", "..", "./../x"}) {
            ToolResult view = call(TextEditorTool.NAME, "command", "view", "path", path);
            assertThat(view.isError()).as(path).isTrue();
            assertThat(view.content()).contains("outside the repository checkout");
            ToolResult create = call(TextEditorTool.NAME, "command", "create", "path", path + "/new.txt", "file_text", "x");
            assertThat(create.isError()).as(path).isTrue();
        }
        assertThat(Files.exists(tmp.resolve("outside/secret.txt/new.txt"))).isFalse();
        assertThat(Files.exists(tmp.resolve("new.txt"))).isFalse();
        assertThat(Files.exists(tmp.resolve("x/new.txt"))).isFalse();
    }

    @Test
    void gitDirectoryIsOffLimits() {
        for (String path : new String[] {".git/config", "/.git/HEAD", "src/../.git/hooks/pre-commit", ".git"}) {
            ToolResult result = call(TextEditorTool.NAME, "command", "create", "path", path, "file_text", "evil");
            assertThat(result.isError()).as(path).isTrue();
            assertThat(result.content()).contains("inside .git");
        }
        assertThat(call(TextEditorTool.NAME, "command", "view", "path", ".git/config").content()).contains("inside .git");
    }

    @Test
    void symlinkedDirectoryPointingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(repo.resolve("link"), outside);
        assertThat(call(TextEditorTool.NAME, "command", "view", "path", "link/secret.txt").content())
                .contains("outside the repository checkout").doesNotContain("TOP SECRET");
        ToolResult create = call(TextEditorTool.NAME, "command", "create", "path", "link/planted.txt", "file_text", "x");
        assertThat(create.isError()).isTrue();
        assertThat(Files.exists(outside.resolve("planted.txt"))).isFalse();
        ToolResult nested = call(TextEditorTool.NAME, "command", "create", "path", "link/a/b/planted.txt", "file_text", "x");
        assertThat(nested.isError()).isTrue();
        assertThat(Files.exists(outside.resolve("a"))).isFalse();
        assertThat(call(TextEditorTool.NAME, "command", "view", "path", "link").isError()).isTrue();
    }

    @Test
    void symlinkedFilePointingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(repo.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        assertThat(call(TextEditorTool.NAME, "command", "view", "path", "secret-link.txt").content())
                .contains("outside the repository checkout");
        ToolResult replace = call(TextEditorTool.NAME, "command", "str_replace", "path", "secret-link.txt",
                "old_str", "TOP", "new_str", "NO");
        assertThat(replace.isError()).isTrue();
        ToolResult overwrite = call(TextEditorTool.NAME, "command", "create", "path", "secret-link.txt", "file_text", "x");
        assertThat(overwrite.isError()).isTrue();
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP SECRET\n");
    }

    @Test
    void danglingSymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(repo.resolve("dangling.txt"), outside.resolve("not-yet.txt"));
        ToolResult create = call(TextEditorTool.NAME, "command", "create", "path", "dangling.txt", "file_text", "x");
        assertThat(create.isError()).isTrue();
        assertThat(create.content()).contains("broken symbolic link");
        assertThat(Files.exists(outside.resolve("not-yet.txt"))).isFalse();
    }

    @Test
    void symlinkToGitDirIsRefused() throws Exception {
        Files.createSymbolicLink(repo.resolve("g"), repo.resolve(".git"));
        ToolResult result = call(TextEditorTool.NAME, "command", "create", "path", "g/hooks/post-checkout", "file_text", "x");
        assertThat(result.isError()).isTrue();
        assertThat(result.content()).contains("inside .git");
    }

    @Test
    void symlinkInsideTheRepositoryWorks() throws Exception {
        write(repo, "real/file.txt", "inside\n");
        Files.createSymbolicLink(repo.resolve("alias"), repo.resolve("real"));
        assertThat(call(TextEditorTool.NAME, "command", "view", "path", "alias/file.txt").content()).contains("1: inside");
    }

    @Test
    void searchAndFindDoNotFollowLinksOutside() throws Exception {
        Files.createSymbolicLink(repo.resolve("link"), outside);
        Files.createSymbolicLink(repo.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        assertThat(call(SearchTool.NAME, "pattern", "TOP SECRET").content()).startsWith("No matches");
        assertThat(call(SearchTool.NAME, "pattern", "TOP", "path", "link").isError()).isTrue();
        assertThat(call(SearchTool.NAME, "pattern", "TOP", "path", "../outside").isError()).isTrue();
        assertThat(call(FindFilesTool.NAME, "pattern", "**/secret*").content()).startsWith("No files match");
    }

    @Test
    void emptyAndNulPathsAreRefused() {
        assertThatThrownBy(() -> workspace.resolve("")).hasMessageContaining("a path is required");
        assertThatThrownBy(() -> workspace.resolve("a\0b")).hasMessageContaining("NUL");
        assertThat(call(TextEditorTool.NAME, "command", "view").content()).contains("missing required parameter 'path'");
    }
}
