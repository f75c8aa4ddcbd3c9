package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.LocalWorker;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the node holding an output folder: works one repository there with the engine's {@link LocalWorker} (a
 * fresh checkout under {@code work/}, deleted afterwards) and returns its result and the files written for it.
 */
final class ProcessRepositoryCallable extends MasterToSlaveFileCallable<ProcessRepositoryCallable.Wire> {

    private static final long serialVersionUID = 1L;
    /** The folder of the output folder under which checkouts are made. */
    static final String CHECKOUTS = "work";

    private final BatchJob job;
    private final String spec;
    private final String directory;
    private final EngineSettings settings;
    private final ProcessorFactory factory;
    private final SharedSpend jobSpend;

    /**
     * Carries one repository, not the whole batch: the job's list of repositories stays on the controller.
     *
     * @param jobSpend the job's meter as the node sees it: the object itself on the controller, a proxy that calls
     *                 back to the controller on an agent ({@link #on})
     */
    ProcessRepositoryCallable(BatchJob job, RepositoryEntry entry, EngineSettings settings, ProcessorFactory factory,
            SharedSpend jobSpend) {
        this.job = job.onlyRepository(entry.spec());
        this.spec = entry.spec();
        this.directory = entry.directory();
        this.settings = settings;
        this.factory = factory;
        this.jobSpend = jobSpend;
    }

    /**
     * Works the repository in {@code root} on whichever node holds it; its conversations add to and stop on the
     * controller's {@code jobSpend}, so a spent job budget stops the ones running on agents at their next turn too.
     */
    static Wire run(FilePath root, BatchJob job, RepositoryEntry entry, EngineSettings settings,
            ProcessorFactory factory, SharedSpend jobSpend) throws IOException, InterruptedException {
        SharedSpend seenThere = root.getChannel().export(SharedSpend.class, jobSpend);
        return root.act(new ProcessRepositoryCallable(job, entry, settings, factory, seenThere));
    }

    /** @param outputRoot the batch's output folder on this node */
    @Override
    public Wire invoke(File outputRoot, VirtualChannel channel) throws IOException, InterruptedException {
        Path root = outputRoot.toPath();
        Files.createDirectories(root.resolve(directory));
        RepoResult result;
        try {
            RepositoryProcessor processor = factory.create(settings, job, jobSpend);
            result = new LocalWorker(processor, root, root.resolve(CHECKOUTS))
                    .work(job, new RepositoryEntry(spec, directory, null, null), () -> {});
        } catch (RepositoryException | RuntimeException e) {
            // the processor should not throw; if it (or its construction) does, the repository fails, not the batch
            result = RepoResult.failed(spec, EngineWiring.redactor(settings).redact(String.valueOf(e.getMessage())));
        }
        return new Wire(Json.MAPPER.writeValueAsString(result), new ArrayList<>(files(root, root.resolve(directory))));
    }

    /**
     * What travels back from the node. The controller only accepts JDK classes on Jenkins' class filter
     * allowlist, which lacks the immutable lists of List.copyOf used by the engine's records, so the result
     * crosses as its JSON (the result.json format) and the file list as an ArrayList.
     *
     * @param files the repository's files, relative to the output folder (repos/acme__app/patch.diff, ...)
     */
    record Wire(String resultJson, ArrayList<String> files) implements Serializable {

        RepoResult result() throws IOException {
            return Json.MAPPER.readValue(resultJson, RepoResult.class);
        }
    }

    private static List<String> files(Path root, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(Files::isRegularFile)
                    .forEach(path -> files.add(root.relativize(path).toString().replace(File.separatorChar, '/')));
        }
        files.sort(null);
        return files;
    }
}
