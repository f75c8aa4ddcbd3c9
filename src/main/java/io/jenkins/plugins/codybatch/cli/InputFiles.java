package io.jenkins.plugins.codybatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The text files a run reads (prompt, repository list), or standard input for "-". */
final class InputFiles {

    static final String STDIN = "-";

    private final InputStream stdin;

    InputFiles(InputStream stdin) {
        this.stdin = stdin;
    }

    /** The lines of a UTF-8 text file (or of standard input), without a byte order mark. */
    List<String> lines(String file, String option) {
        List<String> lines;
        try {
            if (STDIN.equals(file)) {
                lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).lines().toList();
            } else {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(option + " " + file + " cannot be read: it does not exist; check the path");
        } catch (AccessDeniedException e) {
            throw new UsageException(option + " " + file + " cannot be read: permission denied; check its permissions");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException(option + " " + file + " cannot be read (" + e.getMessage()
                    + "); give a readable UTF-8 text file");
        }
        List<String> result = new ArrayList<>(lines);
        if (!result.isEmpty() && result.get(0).startsWith("\uFEFF")) {
            result.set(0, result.get(0).substring(1)); // editors on Windows start files with one
        }
        return result;
    }
}
