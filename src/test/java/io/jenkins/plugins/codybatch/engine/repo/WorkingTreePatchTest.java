package io.jenkins.plugins.codybatch.engine.repo;

import static io.jenkins.plugins.codybatch.engine.repo.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every patch must make `git apply` on the base commit reproduce the edited tree exactly (content, modes, names). */
class WorkingTreePatchTest {

    @TempDir Path temp;
    Path origin;
    Checkout checkout;
    final GitRepositoryService service = new GitRepositoryService(null, Allowlist.allowAll(), RepositorySettings.defaults());

    interface Edit {
        void apply(Path dir) throws Exception;
    }

    @BeforeEach
    void setUp() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", "hello\nworld\n".getBytes(StandardCharsets.UTF_8));
        files.put("src/App.java", "class App {\n  int x = 1;\n}\n".getBytes(StandardCharsets.UTF_8));
        files.put("old name.txt", "to be renamed\n".getBytes(StandardCharsets.UTF_8));
        files.put("docs/naïve café.txt", "unicode name\n".getBytes(StandardCharsets.UTF_8));
        files.put("latin1.txt", "caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1));
        files.put("no-newline.txt", "last line".getBytes(StandardCharsets.UTF_8));
        files.put("image.bin", randomBytes(3000, 1));
        files.put("run.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
        files.put(".gitignore", "build/\n".getBytes(StandardCharsets.UTF_8));
        origin = GitCli.repoWith(temp.resolve("origin"), files);
        RepositoryRef ref = service.resolve(origin.toString());
        checkout = service.checkout(ref, temp.resolve("work"));
    }

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("edit", (Edit) d -> Files.writeString(d.resolve("src/App.java"), "class App {\n  int x = 2;\n}\n")),
                Arguments.of("add", (Edit) d -> Files.writeString(Files.createDirectories(d.resolve("new/dir")).resolve("New.java"), "class New {}\n")),
                Arguments.of("delete", (Edit) d -> Files.delete(d.resolve("README.md"))),
                Arguments.of("rename", (Edit) d -> Files.move(d.resolve("old name.txt"), d.resolve("new name.txt"))),
                Arguments.of("binary modify", (Edit) d -> Files.write(d.resolve("image.bin"), randomBytes(5000, 2))),
                Arguments.of("binary add", (Edit) d -> Files.write(d.resolve("logo.png"), randomBytes(200, 3))),
                Arguments.of("binary delete", (Edit) d -> Files.delete(d.resolve("image.bin"))),
                Arguments.of("file mode", (Edit) d -> Files.setPosixFilePermissions(d.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"))),
                Arguments.of("mode and content", (Edit) d -> {
                    Files.writeString(d.resolve("run.sh"), "#!/bin/sh\necho bye\n");
                    Files.setPosixFilePermissions(d.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
                }),
                Arguments.of("non-UTF-8", (Edit) d -> Files.write(d.resolve("latin1.txt"), "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e\n".getBytes(StandardCharsets.ISO_8859_1))),
                Arguments.of("add trailing newline", (Edit) d -> Files.writeString(d.resolve("no-newline.txt"), "last line\n")),
                Arguments.of("remove trailing newline", (Edit) d -> Files.writeString(d.resolve("README.md"), "hello\nworld")),
                Arguments.of("names with spaces and unicode", (Edit) d -> {
                    Files.writeString(d.resolve("docs/naïve café.txt"), "unicode name, edited\n");
                    Files.writeString(d.resolve("docs/résumé with space ✓.md"), "new\n");
                }),
                Arguments.of("empty new file", (Edit) d -> Files.createFile(d.resolve("empty.txt"))),
                Arguments.of("everything at once", (Edit) d -> {
                    Files.writeString(d.resolve("src/App.java"), "class App {}\n");
                    Files.delete(d.resolve("README.md"));
                    Files.move(d.resolve("old name.txt"), d.resolve("renamed/old name.txt".replace("renamed/", "")).resolveSibling("moved.txt"));
                    Files.write(d.resolve("image.bin"), randomBytes(100, 4));
                    Files.writeString(d.resolve("no-newline.txt"), "changed, still no newline");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void gitApplyOfThePatchReproducesTheEditedTree(String name, Edit edit) throws Exception {
        edit.apply(checkout.directory());
        Files.createDirectories(checkout.directory().resolve("build")).resolve("ignored.class").toFile().createNewFile();
        byte[] index = Files.readAllBytes(checkout.directory().resolve(".git/index"));

        Patch patch = service.patch(checkout);

        assertThat(checkout.directory().resolve(".git/index")).as("nothing staged").hasBinaryContent(index);
        assertThat(patch.isEmpty()).isFalse();
        assertThat(patch.filesChanged()).noneMatch(f -> f.startsWith("build/"));
        Path applied = temp.resolve("applied");
        git(temp, "clone", "-q", origin.toUri().toString(), applied.toString());
        git(applied, "checkout", "-q", checkout.baseCommit());
        Path diffFile = temp.resolve("patch.diff");
        Files.writeString(diffFile, patch.diff(), StandardCharsets.UTF_8);
        git(applied, "apply", "--index", diffFile.toString());

        git(checkout.directory(), "add", "-A");
        String expectedTree = git(checkout.directory(), "write-tree"); // git's own view of the edited working tree
        assertThat(git(applied, "write-tree")).isEqualTo(expectedTree);
        assertThat(expectedTree).isNotEqualTo(git(applied, "rev-parse", checkout.baseCommit() + "^{tree}"));
        assertThat(git(applied, "diff", "--cached", "--no-renames", "--name-only", "-z", checkout.baseCommit()).split("\0"))
                .containsExactlyInAnyOrderElementsOf(patch.filesChanged());
    }

    @Test
    void noChangeGivesAnEmptyPatch() throws Exception {
        Files.createDirectories(checkout.directory().resolve("build")).resolve("ignored.class").toFile().createNewFile();

        Patch patch = service.patch(checkout);

        assertThat(patch.isEmpty()).isTrue();
        assertThat(patch.diff()).isEmpty();
    }

    @Test
    void aSubmoduleThatWasNotClonedIsNotDeletedByThePatch() throws Exception {
        Path withSubmodule = GitCli.repoWith(temp.resolve("with-submodule"), Map.of("README.md", "hi\n".getBytes(StandardCharsets.UTF_8),
                ".gitmodules", "[submodule \"lib/sub\"]\n\tpath = lib/sub\n\turl = https://example.com/sub.git\n".getBytes(StandardCharsets.UTF_8)));
        String subCommit = git(origin, "rev-parse", "HEAD");
        git(withSubmodule, "update-index", "--add", "--cacheinfo", "160000," + subCommit + ",lib/sub");
        git(withSubmodule, "commit", "-q", "-m", "submodule");
        Checkout clone = service.checkout(service.resolve(withSubmodule.toString()), temp.resolve("work-submodule"));
        Files.writeString(clone.directory().resolve("README.md"), "hello\n");

        Patch patch = service.patch(clone);

        assertThat(patch.filesChanged()).containsExactly("README.md");
        assertThat(patch.diff()).doesNotContain("lib/sub");
        assertThat(service.patch(clone).filesChanged()).containsExactly("README.md"); // a second look sees the same
    }

    @Test
    void checkoutOfALocalRepositoryBorrowsItsObjectsOnTheBaseBranchWithoutHooks() throws Exception {
        assertThat(checkout.directory().resolve(".git/objects/info/alternates")).exists();
        assertThat(git(checkout.directory(), "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        Path hooks = checkout.directory().resolve(".git/hooks");
        if (Files.isDirectory(hooks)) {
            try (var files = Files.list(hooks)) {
                assertThat(files.toList()).as("no hook can run in the checkout").isEmpty();
            }
        }
        assertThat(checkout.repository().baseBranch()).isEqualTo("main");
        assertThat(checkout.repository().canPush()).isFalse();
        assertThat(checkout.repository().name()).isEqualTo("origin");
        assertThat(checkout.baseCommit()).isEqualTo(git(origin, "rev-parse", "HEAD"));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 0; // a NUL byte: binary for git and JGit alike
        return bytes;
    }
}
