package io.jenkins.plugins.codybatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that results can be written to the output folder (or, when it does not exist yet, to its parent). */
public final class OutputFolderCheck implements DoctorCheck {

    private final Path folder;

    public OutputFolderCheck(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return "output folder";
    }

    @Override
    public Result run() {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return Result.failed(folder + " cannot be created: " + existing + " is not a folder; choose another --output");
        }
        try {
            Path probe = Files.createTempFile(existing, ".cody-batch-doctor", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            return Result.failed("cannot write in " + existing + " (" + e.getMessage()
                    + "); choose another --output or fix its permissions");
        }
        return existing.equals(folder)
                ? Result.ok(folder + " is writable")
                : Result.ok(folder + " does not exist yet; it will be created in " + existing + " (writable)");
    }
}
