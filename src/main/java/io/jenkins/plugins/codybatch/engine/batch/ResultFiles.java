package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/** Names and writing of the files of a batch's output folder (docs/results.md). */
public final class ResultFiles {

    public static final String SUMMARY = "summary.json";
    public static final String REPOS = "repos";
    public static final String PATCH = "patch.diff";
    public static final String TRANSCRIPT = "transcript.jsonl";
    public static final String RESULT = "result.json";
    public static final String REPORT = "report.md";

    private static final Pattern OWNER_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]");
    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private ResultFiles() {}

    /** Whether a repository spec is a GitHub owner/name (rather than a local path or a URL). */
    public static boolean isOwnerName(String spec) {
        return OWNER_NAME.matcher(spec).matches() && !spec.startsWith(".");
    }

    /**
     * The folder name under repos/ for a spec, known before the spec is resolved: owner/name and the last two
     * segments of a network URL become owner__name, a local path (or file:// URL) its last segment.
     */
    public static String directoryName(String spec) {
        String s = spec.trim().replace('\\', '/');
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith(".git")) {
            s = s.substring(0, s.length() - 4);
        }
        if (s.regionMatches(true, 0, "file://", 0, 7)) {
            s = s.substring(7); // a repository on this machine: named like a local path
        }
        String name;
        if (isOwnerName(s)) {
            name = s.replace("/", "__");
        } else if (s.contains("://") || s.startsWith("git@")) {
            String[] parts = s.replace(':', '/').split("/");
            name = parts.length >= 2 ? parts[parts.length - 2] + "__" + parts[parts.length - 1] : s;
        } else {
            name = s.substring(s.lastIndexOf('/') + 1);
        }
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            return "repository";
        }
        // a name that could mean another folder (a..b) or be hidden (.config) becomes plain: a_b, _config
        return UNSAFE.matcher(name).replaceAll("_").replace("..", "_").replaceFirst("^[.-]", "_");
    }

    /** A repository's folder as summary.json names it: repos/ and one plain folder name, never a way out of repos/. */
    public static boolean isRepositoryFolder(String directory) {
        return directory != null && directory.startsWith(REPOS + "/")
                && isFolderName(directory.substring(REPOS.length() + 1));
    }

    /** One plain folder name as {@link #directoryName} makes them (a -2 suffix included). */
    public static boolean isFolderName(String name) {
        return name != null && FOLDER_NAME.matcher(name).matches() && !name.contains("..");
    }

    public static void writeResult(Path repoOutputDir, RepoResult result) throws IOException {
        writeAtomically(repoOutputDir.resolve(RESULT), Json.MAPPER.writeValueAsBytes(result));
    }

    /** The result.json of a repository folder, or null when there is none or it cannot be read. */
    public static RepoResult readResult(Path repoOutputDir) {
        Path file = repoOutputDir.resolve(RESULT);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), RepoResult.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads the summary.json of an output folder; the message says what to do when there is none. */
    public static BatchSummary readSummary(Path outputDir) throws IOException {
        Path file = outputDir.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) {
            throw new IOException(outputDir + " holds no " + SUMMARY + "; give the output folder of an earlier Cody Batch"
                    + " run");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), BatchSummary.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a valid Cody Batch summary (" + e.getMessage() + ")", e);
        }
    }

    public static void writeString(Path file, String content) throws IOException {
        writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes through a temporary file and a rename, so a killed run never leaves half a file behind. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temp, content);
        } catch (IOException e) {
            Files.deleteIfExists(temp); // a full disk leaves no half-written file behind
            throw e;
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a folder and everything in it; missing folders are fine. */
    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() { // links are deleted, never followed
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (!Files.isWritable(dir)) {
                    dir.toFile().setWritable(true); // its entries could not be removed otherwise
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes one entry; a read-only file (git's objects on Windows) is made writable first when it must be. */
    private static void delete(Path path) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (AccessDeniedException e) {
            path.toFile().setWritable(true);
            Files.deleteIfExists(path);
        }
    }
}
