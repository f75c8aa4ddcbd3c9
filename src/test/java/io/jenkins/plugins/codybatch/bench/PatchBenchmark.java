package io.jenkins.plugins.codybatch.bench;

import io.jenkins.plugins.codybatch.engine.repo.Allowlist;
import io.jenkins.plugins.codybatch.engine.repo.Checkout;
import io.jenkins.plugins.codybatch.engine.repo.GitRepositoryService;
import io.jenkins.plugins.codybatch.engine.repo.Patch;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;

/**
 * Times the shallow clone and the patch of a working tree: a repository of 1,000 files (about 4 KB of text each, plus
 * 20 binary files of 20 KB) where 100 text files are edited, 20 added, 20 deleted and 5 binaries replaced.
 */
public final class PatchBenchmark {

    public static void main(String[] args) throws Exception {
        Path temp = Files.createTempDirectory("patch-bench");
        try {
            Path origin = temp.resolve("origin");
            Random random = new Random(1);
            try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
                for (int i = 0; i < 1000; i++) {
                    Path file = origin.resolve("module" + i % 50 + "/src/File" + i + ".java");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, text(random, 100));
                }
                for (int i = 0; i < 20; i++) {
                    Files.write(origin.resolve("module" + i + "-asset.bin"), bytes(random, 20_000));
                }
                git.add().addFilepattern(".").call();
                git.commit().setMessage("base").setAuthor("b", "b@example.com").setCommitter("b", "b@example.com").call();
            }
            GitRepositoryService service = new GitRepositoryService(null, Allowlist.allowAll(), RepositorySettings.defaults());
            for (int round = 1; round <= 3; round++) {
                long start = System.nanoTime();
                Checkout checkout = service.checkout(service.resolve(origin.toString()), temp.resolve("work" + round));
                long cloned = System.nanoTime();
                Path dir = checkout.directory();
                for (int i = 0; i < 100; i++) {
                    Path file = dir.resolve("module" + i % 50 + "/src/File" + i + ".java");
                    Files.writeString(file, Files.readString(file).replaceFirst("line 7 ", "line seven "));
                }
                for (int i = 0; i < 20; i++) {
                    Files.writeString(dir.resolve("module" + i + "/src/Added" + i + ".java"), text(random, 50));
                    Files.delete(dir.resolve("module" + (i + 100) % 50 + "/src/File" + (i + 900) + ".java"));
                }
                for (int i = 0; i < 5; i++) {
                    Files.write(dir.resolve("module" + i + "-asset.bin"), bytes(random, 20_000));
                }
                long edited = System.nanoTime();
                Patch patch = service.patch(checkout);
                long patched = System.nanoTime();
                System.out.printf("round %d: clone %d ms, patch %d ms (%d files, %d KB diff)%n", round,
                        (cloned - start) / 1_000_000, (patched - edited) / 1_000_000, patch.filesChanged().size(),
                        patch.diff().length() / 1024);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(temp)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String text(Random random, int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("line ").append(i).append(' ').append(Long.toHexString(random.nextLong())).append(" // code\n");
        }
        return text.toString();
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }
}
