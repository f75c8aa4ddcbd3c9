package io.jenkins.plugins.codybatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.ResultsSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The results contract: what the real engine writes is valid against the schema, the schema refuses the shapes that
 * once hid defects, and docs/results.md names exactly the fields the schema names.
 */
class ResultsContractTest {

    @Test
    void everyFileTheEngineWroteIsValid() throws IOException {
        RealResults real = RealResults.get();

        int code = ResultsSchema.assertValidFolder(real.code);
        int analysis = ResultsSchema.assertValidFolder(real.analysis);
        assertThat(ResultsSchema.assertValidFolder(real.checked)).isGreaterThan(1 + 1 + 10);

        // summary + 7 results (the skipped one too) + every transcript line; the analysis run likewise
        assertThat(code).isGreaterThan(1 + 7 + 20);
        assertThat(analysis).isGreaterThan(1 + 2 + 5);
    }

    @Test
    void theSchemaRefusesTheShapesReadersOnceGuessed() throws IOException {
        RealResults real = RealResults.get();
        ObjectNode summary = (ObjectNode) Json.MAPPER.readTree(real.code.resolve("summary.json").toFile());
        ObjectNode entry = (ObjectNode) summary.path("repositories").get(0);
        entry.put("dir", entry.path("directory").asText()); // the field the old report read
        assertThat(ResultsSchema.problems("summary.schema.json", summary)).anyMatch(p -> p.contains("dir"));

        JsonNode event = Json.MAPPER.readTree(Files.readAllLines(real.code.resolve("repos/alpha/transcript.jsonl")).get(0));
        ObjectNode renamed = ((ObjectNode) event.deepCopy());
        renamed.set("type", renamed.remove("event")); // the field the old viewer read
        assertThat(ResultsSchema.problems("transcript-event.schema.json", renamed)).isNotEmpty();

        ObjectNode result = (ObjectNode) Json.MAPPER.readTree(real.code.resolve("repos/alpha/result.json").toFile());
        result.put("status", "DONE");
        assertThat(ResultsSchema.problems("result.schema.json", result)).isNotEmpty();
    }

    @Test
    void docsResultsMdNamesExactlyTheSchemasFields() throws IOException {
        String docs = Files.readString(Path.of("docs/results.md"));
        Map<String, Set<String>> documented = tables(docs);

        assertThat(documented.get("summary.json")).isEqualTo(properties(ResultsSchema.tree("summary.schema.json")));
        assertThat(documented.get("result.json")).isEqualTo(properties(ResultsSchema.tree("result.schema.json")));
        Set<String> events = new TreeSet<>();
        ResultsSchema.tree("transcript-event.schema.json").path("oneOf")
                .forEach(e -> events.add(e.path("properties").path("event").path("const").asText()));
        assertThat(documented.get("transcript.jsonl")).isEqualTo(events);
        for (JsonNode event : ResultsSchema.tree("transcript-event.schema.json").path("oneOf")) {
            String name = event.path("properties").path("event").path("const").asText();
            Set<String> fields = properties(event);
            fields.removeAll(Set.of("event", "time"));
            assertThat(eventFields(docs.substring(docs.indexOf("## transcript.jsonl")), name)).as("fields of the %s event in docs/results.md", name).isEqualTo(fields);
        }
    }

    /** The first column (`name`) of the first table after each "## file" heading. */
    private static Map<String, Set<String>> tables(String docs) {
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        String section = null;
        for (String line : docs.lines().toList()) {
            if (line.startsWith("## ")) {
                String title = line.substring(3).replace("`", "").strip();
                section = title.matches("[a-z]+\\.jsonl?") ? title : null;
                continue;
            }
            Matcher row = Pattern.compile("^\\| `([a-z_]+)` \\|").matcher(line);
            if (section != null && row.find()) {
                tables.computeIfAbsent(section, s -> new TreeSet<>()).add(row.group(1));
            }
        }
        return tables;
    }

    /** The fields listed for an event: "| `name` | field, field, ... |". */
    private static Set<String> eventFields(String docs, String event) {
        Matcher row = Pattern.compile("^\\| `" + event + "` \\| ([^|]*)\\|", Pattern.MULTILINE).matcher(docs);
        assertThat(row.find()).as("a row for the %s event", event).isTrue();
        Set<String> fields = new TreeSet<>();
        Matcher name = Pattern.compile("`([a-z_]+)`").matcher(row.group(1));
        while (name.find()) {
            fields.add(name.group(1));
        }
        return fields;
    }

    private static Set<String> properties(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
