package io.jenkins.plugins.codybatch.engine.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real git command line in tests. */
final class GitCli {

    private GitCli() {}

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "init.defaultBranch=main", "-c", "core.quotepath=true", "-c", "protocol.file.allow=always"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir + ":\n" + output);
        }
        return output.trim();
    }

    /** A repository with one commit on main, made with the git CLI from {@code files} (path → bytes). */
    static Path repoWith(Path dir, java.util.Map<String, byte[]> files) throws IOException, InterruptedException {
        java.nio.file.Files.createDirectories(dir);
        git(dir, "init", "-q");
        for (var file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            java.nio.file.Files.createDirectories(path.getParent());
            java.nio.file.Files.write(path, file.getValue());
        }
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "base");
        return dir;
    }
}
