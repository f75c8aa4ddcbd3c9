package io.jenkins.plugins.codybatch.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Prints the tables of docs/reliability.md from the tallies the proof suite wrote to target/reliability/*.json.
 * Run after the suite: {@code mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.jenkins.plugins.codybatch.proof.ReliabilityTable}.
 */
public final class ReliabilityTable {

    private ReliabilityTable() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/reliability");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Map<String, int[]> totals = new TreeMap<>(); // area -> injected, recovered, failed as expected, contained, lost, leaks
        StringBuilder rows = new StringBuilder("| area | fault or hostile input | outcome | what the run showed | data lost | secrets leaked | test |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Path file : files) {
            for (JsonNode row : Json.MAPPER.readTree(file.toFile()).path("rows")) {
                String area = row.path("area").asText();
                int[] t = totals.computeIfAbsent(area, a -> new int[6]);
                t[0]++;
                switch (row.path("outcome").asText()) {
                    case "RECOVERED" -> t[1]++;
                    case "FAILED_AS_EXPECTED" -> t[2]++;
                    default -> t[3]++;
                }
                t[4] += row.path("data_lost").asInt();
                t[5] += row.path("leaks").asInt();
                rows.append("| ").append(area).append(" | ").append(cell(row.path("fault").asText())).append(" | ")
                        .append(row.path("outcome").asText().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                        .append(" | ").append(cell(row.path("detail").asText())).append(" | ")
                        .append(row.path("data_lost").asInt()).append(" | ").append(row.path("leaks").asInt())
                        .append(" | `").append(row.path("test").asText()).append("` |\n");
            }
        }
        StringBuilder out = new StringBuilder("| area | injected / tried | recovered | failed as expected | contained | data lost | secrets leaked |\n"
                + "|---|---|---|---|---|---|---|\n");
        int[] all = new int[6];
        totals.forEach((area, t) -> {
            out.append("| ").append(area);
            for (int i = 0; i < 6; i++) {
                out.append(" | ").append(t[i]);
                all[i] += t[i];
            }
            out.append(" |\n");
        });
        out.append("| **all**");
        for (int value : all) {
            out.append(" | **").append(value).append("**");
        }
        out.append(" |\n\n").append(rows);
        System.out.print(out);
    }

    private static String cell(String text) {
        String one = text.replace("|", "\\|").replaceAll("\\s+", " ");
        return one.length() > 220 ? one.substring(0, 220) + "…" : one;
    }
}
