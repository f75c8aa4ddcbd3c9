package io.jenkins.plugins.codybatch.bench;

import io.jenkins.plugins.codybatch.engine.tools.SearchTool;
import io.jenkins.plugins.codybatch.engine.tools.Workspace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The search tool against {@code git grep -n -I} on a generated, committed tree of 50,000 files (warm file cache;
 * median of several runs each). Both must report the same number of matching lines.
 *
 * <p>Run: {@code mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.jenkins.plugins.codybatch.bench.SearchBenchmark} (optional args: file count, runs)
 */
public final class SearchBenchmark {

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path repo = Files.createTempDirectory("search-bench");
        long generated = generate(repo, files);
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "tree");
        System.out.printf(Locale.ROOT, "tree: %d files, %.1f MB, committed; %d CPUs%n", files, generated / 1e6,
                Runtime.getRuntime().availableProcessors());
        SearchTool tool = new SearchTool(new Workspace(repo));
        for (String pattern : List.of("needle_4711", "TODO\\(\\w+\\): fix", "timeout\\s*=\\s*\\d{4,}")) {
            int ours = tool.search(pattern, false, null, path -> true).matches().size();
            int theirs = gitGrepCount(repo, pattern);
            if (ours != theirs) {
                throw new IllegalStateException(pattern + ": search found " + ours + " lines, git grep " + theirs);
            }
            for (int i = 0; i < 3; i++) { // warm up the JIT and the page cache
                tool.search(pattern, false, null, path -> true);
                gitGrepCount(repo, pattern);
            }
            List<Long> oursMs = new ArrayList<>();
            List<Long> gitMs = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                tool.search(pattern, false, null, path -> true);
                long t1 = System.nanoTime();
                gitGrepCount(repo, pattern);
                long t2 = System.nanoTime();
                oursMs.add((t1 - t0) / 1_000_000);
                gitMs.add((t2 - t1) / 1_000_000);
            }
            long a = median(oursMs);
            long b = median(gitMs);
            System.out.printf(Locale.ROOT, "pattern %-28s matches=%-5d search tool %5d ms | git grep %5d ms | ratio %.2f%n",
                    "/" + pattern + "/", ours, a, b, (double) a / b);
        }
    }

    static long generate(Path repo, int files) throws Exception {
        Random random = new Random(42);
        String[] words = {"alpha", "beta", "gamma", "delta", "return", "value", "config", "service", "client", "int",
            "String", "final", "static", "public", "private", "void", "new", "list", "map", "result"};
        long bytes = 0;
        for (int i = 0; i < files; i++) {
            Path dir = repo.resolve("module" + (i % 50)).resolve("pkg" + (i / 50 % 20));
            Files.createDirectories(dir);
            StringBuilder text = new StringBuilder();
            int lines = 20 + random.nextInt(40);
            for (int l = 0; l < lines; l++) {
                int n = 4 + random.nextInt(8);
                for (int w = 0; w < n; w++) {
                    text.append(words[random.nextInt(words.length)]).append(' ');
                }
                int roll = random.nextInt(1000);
                if (roll == 0) {
                    text.append("needle_").append(random.nextInt(10_000));
                } else if (roll == 1) {
                    text.append("// TODO(owner): fix this");
                } else if (roll == 2) {
                    text.append("timeout = ").append(random.nextInt(100_000));
                }
                text.append('\n');
            }
            Files.writeString(dir.resolve("File" + i + ".java"), text);
            bytes += text.length();
        }
        return bytes;
    }

    static int gitGrepCount(Path repo, String pattern) throws Exception {
        Process process = new ProcessBuilder("git", "grep", "-n", "-I", "-P", pattern).directory(repo.toFile()).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        process.waitFor();
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? 0 : text.split("\n").length;
    }

    static void git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(repo.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed");
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
