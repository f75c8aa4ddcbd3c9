package io.jenkins.plugins.codybatch.engine.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@link FakeGitHub} knows from the real bare repositories behind its clone URLs (file://), read and changed
 * with the git command line the way github.com does it: branch heads, mergeability, merges, and a person's commits.
 */
final class BareRepos {

    private BareRepos() {}

    /** The bare repository of a file:// clone URL, or null for any other URL. */
    static Path of(String cloneUrl) {
        return cloneUrl != null && cloneUrl.startsWith("file:") ? Path.of(URI.create(cloneUrl)) : null;
    }

    /** The commit a branch points to, or null when it does not exist. */
    static String head(Path bare, String branch) {
        Result r = run(bare, "rev-parse", "--verify", "-q", "refs/heads/" + branch + "^{commit}");
        return r.exit == 0 ? r.output.trim() : null;
    }

    /** Commits on {@code head} that {@code base} does not have. */
    static int ahead(Path bare, String base, String head) {
        return Integer.parseInt(check(run(bare, "rev-list", "--count", base + ".." + head), "rev-list").trim());
    }

    /** Whether {@code head} merges into {@code base} without conflicts (git merge-tree, as GitHub computes it). */
    static boolean mergeable(Path bare, String base, String head) {
        Result r = run(bare, "merge-tree", "--write-tree", base, head);
        if (r.exit > 1) {
            throw new IllegalStateException("git merge-tree failed: " + r.output);
        }
        return r.exit == 0;
    }

    /** Merges {@code branch} into {@code base} with a merge commit by {@code person}; returns the merge commit. */
    static String merge(Path bare, String base, String branch, String person) {
        return inClone(bare, base, work -> {
            check(run(work, "fetch", "-q", "origin", branch), "fetch");
            check(run(work, "-c", "user.name=" + person, "-c", "user.email=" + person + "@users.noreply.github.com",
                    "merge", "--no-ff", "-q", "-m", "Merge branch '" + branch + "'", "FETCH_HEAD"), "merge");
            check(run(work, "push", "-q", "origin", "HEAD:refs/heads/" + base), "push");
            return check(run(work, "rev-parse", "HEAD"), "rev-parse").trim();
        });
    }

    /** A person's commit on {@code branch}: writes {@code file} and pushes; returns the new head. */
    static String commit(Path bare, String branch, String name, String email, String file, String content,
            String message) {
        return inClone(bare, branch, work -> {
            Path path = work.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content);
            check(run(work, "add", "-A"), "add");
            check(run(work, "-c", "user.name=" + name, "-c", "user.email=" + email, "commit", "-q", "-m", message),
                    "commit");
            check(run(work, "push", "-q", "origin", "HEAD:refs/heads/" + branch), "push");
            return check(run(work, "rev-parse", "HEAD"), "rev-parse").trim();
        });
    }

    /** Points {@code branch} at {@code commit}, as a person's force-push does. */
    static void reset(Path bare, String branch, String commit) {
        check(run(bare, "update-ref", "refs/heads/" + branch, commit), "update-ref");
    }

    static void delete(Path bare, String branch) {
        check(run(bare, "update-ref", "-d", "refs/heads/" + branch), "update-ref -d");
    }

    /** The commit message, author and committer of a commit: "%an <%ae> / %cn <%ce>\n%B". */
    static String show(Path bare, String commit) {
        return check(run(bare, "show", "-s", "--format=%an <%ae> / %cn <%ce>%n%B", commit), "show").trim();
    }

    private interface Work {
        String in(Path clone) throws IOException;
    }

    private static String inClone(Path bare, String branch, Work work) {
        Path clone = null;
        try {
            clone = Files.createTempDirectory("fake-github-person-");
            check(run(clone, "clone", "-q", "--branch", branch, bare.toUri().toString(), "."), "clone");
            return work.in(clone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(clone);
        }
    }

    private record Result(int exit, String output) {}

    private static String check(Result r, String what) {
        if (r.exit != 0) {
            throw new IllegalStateException("git " + what + " failed: " + r.output);
        }
        return r.output;
    }

    private static Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "protocol.file.allow=always",
                "-c", "init.defaultBranch=main"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind does no harm
        }
    }
}
