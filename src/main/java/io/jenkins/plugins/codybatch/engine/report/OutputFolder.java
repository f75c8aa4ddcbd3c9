package io.jenkins.plugins.codybatch.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads a batch's output folder for the report, and still shows what exists when summary.json is missing or torn. */
final class OutputFolder {

    private static final String REPOS = "repos";

    private OutputFolder() {
    }

    /**
     * The repository folders to embed, as summary.json lists them ({@code directory}: repos/acme__app). A summary
     * that could not be read is rebuilt from the repos/ folders and their result.json, in the same shape, so the
     * report of an interrupted batch still shows what exists.
     */
    static List<String> listRepositories(Path outputDir, ObjectNode summary) throws IOException {
        Set<String> dirs = new LinkedHashSet<>();
        for (JsonNode entry : summary.path("repositories")) {
            String dir = entry.path("directory").asText("");
            if (ResultFiles.isRepositoryFolder(dir) && Files.isDirectory(outputDir.resolve(dir))) {
                dirs.add(dir);
            }
        }
        Path reposDir = outputDir.resolve(REPOS);
        if (dirs.isEmpty() && !summary.path("repositories").isArray() && Files.isDirectory(reposDir)) {
            ArrayNode entries = summary.putArray("repositories");
            List<String> folders = new ArrayList<>();
            try (Stream<Path> children = Files.list(reposDir)) {
                children.filter(Files::isDirectory).forEach(p -> folders.add(p.getFileName().toString()));
            }
            folders.sort(null);
            for (String folder : folders) {
                String dir = REPOS + "/" + folder;
                JsonNode result = readJson(outputDir.resolve(dir).resolve("result.json"));
                ObjectNode entry = entries.addObject().put("spec", folder).put("directory", dir);
                entry.put("status", result == null ? "FAILED" : result.path("status").asText("FAILED"));
                if (result != null) {
                    entry.set("result", result);
                }
                dirs.add(dir);
            }
        }
        return new ArrayList<>(dirs);
    }

    /** summary.json; when it cannot be read, a note says so and the summary is rebuilt from the folders. */
    static ObjectNode readSummary(Path outputDir, List<String> notes) {
        Path file = outputDir.resolve("summary.json");
        ObjectNode summary;
        try {
            JsonNode node = HtmlReport.COMPACT.readTree(file.toFile());
            summary = node != null && node.isObject() ? (ObjectNode) node : HtmlReport.COMPACT.createObjectNode();
        } catch (IOException e) {
            summary = HtmlReport.COMPACT.createObjectNode();
            notes.add(Files.exists(file)
                    ? "summary.json could not be read (" + e.getMessage() + "); the table lists the repos/ folders."
                    : "summary.json is missing; the table lists the repos/ folders.");
            summary.put("format_version", 1);
        }
        if (!summary.hasNonNull("name")) {
            Path name = outputDir.toAbsolutePath().normalize().getFileName();
            summary.put("name", name == null ? "Cody Batch results" : name.toString());
        }
        return summary;
    }

    static JsonNode readJson(Path file) {
        try {
            return Files.isRegularFile(file) ? HtmlReport.COMPACT.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
