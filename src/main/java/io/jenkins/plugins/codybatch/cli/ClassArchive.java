package io.jenkins.plugins.codybatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CLI's side of the class-data sharing archive that {@code scripts/cody-batch} keeps: the launcher asks the first
 * batch to write the archive of its classes as the JVM exits and keeps it only if that batch got to its end, which
 * this marks. An archive of a mistyped command line (a few hundred classes) would make every later start slower than
 * one of a whole batch.
 */
final class ClassArchive {

    /** Set by the launcher: the marker file to write. */
    static final String READY_MARKER_PROPERTY = "cody.batch.classArchiveReady";

    private ClassArchive() {}

    static void batchRanToItsEnd() {
        String marker = System.getProperty(READY_MARKER_PROPERTY);
        if (marker == null) {
            return;
        }
        try {
            Files.writeString(Path.of(marker), "");
        } catch (IOException | RuntimeException e) {
            // no archive is kept this time; the next run writes one again
        }
    }
}
