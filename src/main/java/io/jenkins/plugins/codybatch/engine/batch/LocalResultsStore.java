package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.Transcript;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The output folder on this machine (the CLI's --output DIR). */
public final class LocalResultsStore implements ResultsStore {

    private final Path outputDir;

    public LocalResultsStore(Path outputDir) {
        this.outputDir = outputDir;
    }

    public Path outputDir() {
        return outputDir;
    }

    public Path folder(String directory) {
        return outputDir.resolve(directory);
    }

    @Override
    public void prepare(String directory, String keepAs) throws IOException {
        Path folder = folder(directory);
        if (keepAs != null && Files.isDirectory(folder)) {
            Path kept = folder.resolve(keepAs);
            Files.createDirectories(kept);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.move(file, kept.resolve(file.getFileName()));
                }
            }
        } else {
            ResultFiles.deleteRecursively(folder);
        }
        Files.createDirectories(folder);
    }

    @Override
    public RepoResult recorded(String directory) {
        return ResultFiles.readResult(folder(directory));
    }

    @Override
    public AgentOutcome.Spend spent(String directory) {
        return Transcript.spent(folder(directory).resolve(ResultFiles.TRANSCRIPT));
    }

    @Override
    public RepoResult.Outputs outputs(String directory) {
        Path folder = folder(directory);
        List<String> present = Stream.of(ResultFiles.PATCH, ResultFiles.TRANSCRIPT, ResultFiles.REPORT)
                .map(name -> Files.isRegularFile(folder.resolve(name)) ? name : null).toList();
        return new RepoResult.Outputs(present.get(0), present.get(1), present.get(2));
    }

    @Override
    public void writeResult(String directory, RepoResult result) throws IOException {
        Files.createDirectories(folder(directory));
        ResultFiles.writeResult(folder(directory), result);
    }

    @Override
    public void writeSummary(BatchSummary summary) throws IOException {
        Files.createDirectories(outputDir);
        ResultFiles.writeAtomically(outputDir.resolve(ResultFiles.SUMMARY), Json.MAPPER.writeValueAsBytes(summary));
    }
}
