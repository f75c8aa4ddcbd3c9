package io.jenkins.plugins.codybatch.engine.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local repository's checkout borrows the source's objects and never writes to the source. */
class SharedCloneTest {

    @TempDir Path temp;
    final GitRepositoryService service = new GitRepositoryService(null, Allowlist.allowAll(), RepositorySettings.defaults());

    @Test
    void aWorkTreeIsCheckedOutAtItsCommittedStateAndTheChangeIsMadeWithoutTouchingTheSource() throws Exception {
        Path source = GitCli.repoWith(temp.resolve("lib"), Map.of("README.md", bytes("Hello\n"),
                "src/App.java", bytes("class App {}\n")));
        Files.writeString(source.resolve("README.md"), "uncommitted\n"); // a person's work in progress
        String sourceHead = GitCli.git(source, "rev-parse", "HEAD").strip();
        List<String> sourceFiles = files(source.resolve(".git"));

        Checkout checkout = service.checkout(service.resolve(source.toString()), temp.resolve("work/lib"));

        assertThat(checkout.baseCommit()).isEqualTo(sourceHead);
        assertThat(checkout.repository().baseBranch()).isEqualTo("main");
        assertThat(Files.readString(checkout.directory().resolve("README.md"))).isEqualTo("Hello\n");
        assertThat(Files.readString(checkout.directory().resolve(".git/objects/info/alternates")).strip())
                .isEqualTo(source.resolve(".git/objects").toRealPath().toString());
        // the git command line (a verify command) sees a clean checkout on the branch
        assertThat(GitCli.git(checkout.directory(), "status", "--porcelain")).isEmpty();
        assertThat(GitCli.git(checkout.directory(), "rev-parse", "--abbrev-ref", "HEAD").strip()).isEqualTo("main");
        assertThat(GitCli.git(checkout.directory(), "rev-parse", "origin/main").strip()).isEqualTo(sourceHead);
        assertThat(GitCli.git(checkout.directory(), "config", "remote.origin.url").strip()).isEqualTo(source.toString());
        GitCli.git(checkout.directory(), "fsck", "--strict"); // the repository files are as git writes them

        Files.writeString(checkout.directory().resolve("README.md"), "Hello, Cody\n");
        Files.writeString(checkout.directory().resolve("NOTES.md"), "new\n");
        Patch patch = service.patch(checkout);

        assertThat(patch.diff()).contains("-Hello", "+Hello, Cody", "+++ b/NOTES.md");
        assertThat(files(source.resolve(".git"))).as("nothing written to the source's .git").isEqualTo(sourceFiles);
        assertThat(GitCli.git(source, "rev-parse", "HEAD").strip()).isEqualTo(sourceHead);
        Path fresh = temp.resolve("apply");
        GitCli.git(temp, "clone", "-q", source.toString(), fresh.toString());
        Files.writeString(fresh.resolve("patch.diff"), patch.diff());
        GitCli.git(fresh, "apply", "--index", "patch.diff");
        assertThat(Files.readString(fresh.resolve("README.md"))).isEqualTo("Hello, Cody\n");
    }

    @Test
    void aBareRepositoryAndAnotherBaseBranchAreCheckedOutToo() throws Exception {
        Path repo = GitCli.repoWith(temp.resolve("tool"), Map.of("a.txt", bytes("on main\n")));
        GitCli.git(repo, "checkout", "-q", "-b", "release");
        Files.writeString(repo.resolve("a.txt"), "on release\n");
        GitCli.git(repo, "commit", "-q", "-am", "release");
        Path bare = temp.resolve("tool.git");
        GitCli.git(temp, "clone", "-q", "--bare", repo.toString(), bare.toString());
        GitRepositoryService onMain = new GitRepositoryService(null, Allowlist.allowAll(),
                RepositorySettings.defaults().withBaseBranch("main"));

        Checkout release = service.checkout(service.resolve(bare.toString()), temp.resolve("work/release"));
        Checkout main = onMain.checkout(onMain.resolve(bare.toString()), temp.resolve("work/main"));

        assertThat(Files.readString(release.directory().resolve("a.txt"))).isEqualTo("on release\n");
        assertThat(Files.readString(main.directory().resolve("a.txt"))).isEqualTo("on main\n");
        assertThat(main.repository().baseBranch()).isEqualTo("main");
    }

    @Test
    void aMissingBaseBranchFailsWithItsName() throws Exception {
        Path repo = GitCli.repoWith(temp.resolve("lib"), Map.of("a.txt", bytes("a\n")));
        GitRepositoryService onDevelop = new GitRepositoryService(null, Allowlist.allowAll(),
                RepositorySettings.defaults().withBaseBranch("develop"));

        assertThatThrownBy(() -> onDevelop.checkout(onDevelop.resolve(repo.toString()), temp.resolve("work/lib")))
                .isInstanceOf(RepositoryException.class)
                .hasMessage("Branch 'develop' does not exist in lib (or the repository is empty). Set an existing base"
                        + " branch.");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p) + " " + p.toFile().length()).sorted()
                    .toList();
        }
    }
}
