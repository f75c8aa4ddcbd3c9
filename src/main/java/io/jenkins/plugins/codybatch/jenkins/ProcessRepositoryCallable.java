package io.jenkins.plugins.codybatch.jenkins;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the node holding the output folder: works one repository with the engine's processor in a
 * fresh checkout folder and returns its result and the files written under repos/&lt;dir&gt;.
 */
final class ProcessRepositoryCallable extends MasterToSlaveFileCallable<ProcessRepositoryCallable.Wire> {

    private static final long serialVersionUID = 1L;

    private final BatchJob job;
    private final RepoTask task;
    private final EngineSettings settings;
    private final ProcessorFactory factory;

    ProcessRepositoryCallable(BatchJob job, RepoTask task, EngineSettings settings, ProcessorFactory factory) {
        this.job = job;
        this.task = task;
        this.settings = settings;
        this.factory = factory;
    }

    /** @param outputRoot the batch's output folder (workspace/cody-batch) */
    @Override
    public Wire invoke(File outputRoot, VirtualChannel channel) throws IOException, InterruptedException {
        Path root = outputRoot.toPath();
        Path repoOut = root.resolve(OutputLayout.REPOS).resolve(task.dir());
        deleteTree(repoOut); // a previous build's files in the same workspace must not be archived again
        Files.createDirectories(repoOut);
        Path workParent = Files.createDirectories(root.resolve("work"));
        Path workDir = Files.createTempDirectory(workParent, task.dir() + "-");
        RepoResult result;
        try {
            RepositoryProcessor processor = factory.create(settings, job);
            result = processor.process(job, task.spec(), workDir, repoOut);
        } catch (RepositoryException | RuntimeException e) {
            // the processor should not throw; if it (or its construction) does, the repository fails, not the batch
            result = RepoResult.failed(task.spec(), EngineWiring.redactor(settings).redact(String.valueOf(e.getMessage())));
        } finally {
            deleteTree(workDir);
        }
        Path resultFile = repoOut.resolve(OutputLayout.RESULT);
        if (!Files.exists(resultFile)) {
            Json.MAPPER.writeValue(resultFile.toFile(), result);
        }
        return new Wire(Json.MAPPER.writeValueAsString(result), new ArrayList<>(listFiles(root, repoOut)));
    }

    /**
     * What travels back from the agent. The controller only accepts JDK classes on Jenkins' class filter
     * allowlist, which lacks the immutable lists of List.copyOf used by the engine's records, so the result
     * crosses as its JSON (the result.json format) and the file list as an ArrayList.
     */
    record Wire(String resultJson, ArrayList<String> files) implements java.io.Serializable {

        RepoOutcome toOutcome(RepoTask task) throws IOException {
            return new RepoOutcome(task, Json.MAPPER.readValue(resultJson, RepoResult.class), files);
        }
    }

    private static List<String> listFiles(Path root, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(Files::isRegularFile)
                    .forEach(path -> files.add(root.relativize(path).toString().replace(File.separatorChar, '/')));
        }
        files.sort(null);
        return files;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
