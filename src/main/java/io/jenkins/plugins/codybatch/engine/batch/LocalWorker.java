package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Works a repository on this machine: a fresh checkout folder under {@code workRoot} (deleted afterwards), the
 * engine's {@link RepositoryProcessor}, the files into the repository's folder of the output.
 */
public final class LocalWorker implements RepositoryWorker {

    private final RepositoryProcessor processor;
    private final Path outputDir;
    private final Path workRoot;

    public LocalWorker(RepositoryProcessor processor, Path outputDir, Path workRoot) {
        this.processor = processor;
        this.outputDir = outputDir;
        this.workRoot = workRoot;
    }

    @Override
    public RepoResult work(BatchJob job, RepositoryEntry entry, Runnable started)
            throws IOException, InterruptedException {
        started.run();
        Path repoOut = outputDir.resolve(entry.directory());
        Files.createDirectories(workRoot);
        Path work = Files.createTempDirectory(workRoot, repoOut.getFileName() + "-");
        try {
            return processor.process(job, entry.spec(), work, repoOut);
        } finally {
            ResultFiles.deleteRecursively(work);
        }
    }
}
