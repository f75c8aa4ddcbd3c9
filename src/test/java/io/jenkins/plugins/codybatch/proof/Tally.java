package io.jenkins.plugins.codybatch.proof;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one test class injected and what came of it, written to target/reliability/&lt;Class&gt;.json so the table in
 * docs/reliability.md is built from a real run ({@link ReliabilityTable}).
 */
public final class Tally {

    /** The ways a row can end. */
    public enum Outcome { RECOVERED, FAILED_AS_EXPECTED, CONTAINED }

    /**
     * @param area      Messages API, GitHub, process, hostile input, secrets
     * @param fault     what was injected or tried
     * @param outcome   how the product dealt with it (as observed by the test)
     * @param detail    the status/message seen
     * @param dataLost  repositories whose result was missing or not final after the run
     * @param leaks     secret hits in the outputs of the run
     */
    public record Row(String area, String fault, Outcome outcome, String detail, int dataLost, int leaks, String test) {}

    private final String testClass;
    private final List<Row> rows = new ArrayList<>();

    public Tally(Class<?> testClass) {
        this.testClass = testClass.getSimpleName();
    }

    public synchronized void add(String area, String fault, Outcome outcome, String detail, int dataLost, int leaks,
            String testMethod) {
        rows.add(new Row(area, fault, outcome, detail, dataLost, leaks, testClass + "#" + testMethod));
    }

    public synchronized void write() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "reliability"));
        ObjectNode root = Json.MAPPER.createObjectNode().put("test_class", testClass);
        ArrayNode array = root.putArray("rows");
        rows.forEach(row -> array.add(Json.MAPPER.valueToTree(row)));
        Files.writeString(dir.resolve(testClass + ".json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
