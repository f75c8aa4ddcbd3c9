package io.jenkins.plugins.codybatch.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkout is removed whole, read-only parts included, and nothing a link inside it points to. */
class DeleteRecursivelyTest {

    @TempDir
    Path temp;

    @Test
    void removesReadOnlyFilesAndFoldersAndOnlyTheLinksThemselves() throws Exception {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "keep me\n");
        Path keptFolder = Files.createDirectories(temp.resolve("kept-folder"));
        Files.writeString(keptFolder.resolve("file.txt"), "keep me too\n");
        Path checkout = Files.createDirectories(temp.resolve("checkout"));
        Path objects = Files.createDirectories(checkout.resolve(".git/objects/ab"));
        Files.writeString(objects.resolve("cdef"), "object");
        Files.setPosixFilePermissions(objects.resolve("cdef"), PosixFilePermissions.fromString("r--r--r--"));
        Path locked = Files.createDirectories(checkout.resolve("locked"));
        Files.writeString(locked.resolve("inside.txt"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.createSymbolicLink(checkout.resolve("link-to-file"), outside);
        Files.createSymbolicLink(checkout.resolve("link-to-folder"), keptFolder);

        ResultFiles.deleteRecursively(checkout);

        assertThat(checkout).doesNotExist();
        assertThat(outside).hasContent("keep me");
        assertThat(keptFolder.resolve("file.txt")).hasContent("keep me too");
        ResultFiles.deleteRecursively(checkout); // gone already: nothing to do
    }
}
