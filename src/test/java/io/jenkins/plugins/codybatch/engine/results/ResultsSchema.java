package io.jenkins.plugins.codybatch.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The results contract (engine/results/schema/*.schema.json), checked with a JSON Schema validator: any output folder
 * a test made can be validated whole, every summary.json, result.json and transcript line of it.
 */
public final class ResultsSchema {

    public static final String BASE = "https://cody-batch.jenkins.io/schema/1/";
    public static final List<String> FILES = List.of("summary.schema.json", "result.schema.json",
            "transcript-event.schema.json", "trend.schema.json");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(load()));

    private ResultsSchema() {}

    /** The schema files' text by their $id. */
    private static Map<String, String> load() {
        Map<String, String> schemas = new HashMap<>();
        for (String file : FILES) {
            schemas.put(BASE + file, text(file));
        }
        return schemas;
    }

    public static String text(String file) {
        try (InputStream in = ResultsSchema.class.getResourceAsStream("schema/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("schema/" + file + " is missing next to " + ResultsSchema.class, e);
        }
    }

    public static JsonNode tree(String file) {
        try {
            return Json.MAPPER.readTree(text(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(String file) {
        return REGISTRY.getSchema(SchemaLocation.of(BASE + file));
    }

    /** The problems of a document against one of the schemas; empty when it is valid. */
    public static List<String> problems(String file, JsonNode document) {
        return schema(file).validate(document).stream().map(Object::toString).toList();
    }

    /**
     * Asserts that an output folder is valid whole: summary.json, every repos/*&#47;result.json and every line of every
     * transcript.jsonl (earlier attempts' included). Returns how many documents were checked.
     */
    public static int assertValidFolder(Path outputDir) throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        Path summary = outputDir.resolve("summary.json");
        if (Files.exists(summary)) {
            problems.addAll(prefixed(summary, problems("summary.schema.json", Json.MAPPER.readTree(summary.toFile()))));
            checked++;
        }
        Path repos = outputDir.resolve("repos");
        if (Files.isDirectory(repos)) {
            try (Stream<Path> files = Files.walk(repos)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (name.equals("result.json")) {
                        problems.addAll(prefixed(file, problems("result.schema.json", Json.MAPPER.readTree(file.toFile()))));
                        checked++;
                    } else if (name.equals("transcript.jsonl")) {
                        int line = 0;
                        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                            line++;
                            problems.addAll(prefixed(file.resolveSibling(name + ":" + line),
                                    problems("transcript-event.schema.json", Json.MAPPER.readTree(text))));
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(problems).as("schema problems in " + outputDir).isEmpty();
        return checked;
    }

    private static List<String> prefixed(Path file, List<String> problems) {
        return problems.stream().map(p -> file + ": " + p).toList();
    }
}
