package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import java.util.Set;

/**
 * Where a batch's files live in Jenkins: the CLI's output layout (docs/results.md), in the folder {@code cody-batch}
 * of the workspace and of the build's artifacts ({@code cody-batch-2} for the build's second codyBatch step, and so
 * on).
 */
final class OutputLayout {

    static final String ROOT = "cody-batch";
    /** The only files of a repository the build page serves and an agent may send back. */
    static final Set<String> REPOSITORY_FILES = Set.of(ResultFiles.PATCH, ResultFiles.TRANSCRIPT, ResultFiles.RESULT,
            ResultFiles.REPORT);

    private OutputLayout() {}

    /** The output folder (and URL name) of the build's n-th codyBatch step, counting from 1. */
    static String root(int n) {
        return n <= 1 ? ROOT : ROOT + "-" + n;
    }

    /** Whether {@code file} (relative to an output folder) is one of the known files of {@code directory}. */
    static boolean isRepositoryFile(String file, String directory) {
        String prefix = directory + "/";
        return file.startsWith(prefix) && REPOSITORY_FILES.contains(file.substring(prefix.length()));
    }
}
