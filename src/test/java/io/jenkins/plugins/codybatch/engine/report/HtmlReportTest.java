package io.jenkins.plugins.codybatch.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.e2e.RealResults;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as the writer makes it from a results folder the real engine wrote (RealResults): what it embeds, how
 * it keeps hostile text inert, what it does with missing, broken or huge files. What the page shows is tested in
 * chromium (e2e.WhatPeopleSeeTest).
 */
class HtmlReportTest {

    private static final String DATA_START = "<script type=\"application/json\" id=\"cody-batch-data\">";

    @TempDir
    Path dir;

    /** A copy of the engine's code-change results, to damage freely. */
    Path copy() throws IOException {
        Path source = RealResults.get().code;
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Files.deleteIfExists(dir.resolve("report.html"));
        return dir;
    }

    static JsonNode embeddedData(String page) throws IOException {
        int start = page.indexOf(DATA_START) + DATA_START.length();
        return Json.MAPPER.readTree(page.substring(start, page.indexOf("</script>", start)));
    }

    @Test
    void embedsSummaryJsonAsWrittenAndEachRepositorysFiles() throws Exception {
        Path out = copy();

        Path html = new HtmlReport().write(out);

        assertThat(dir.resolve("report.html.tmp")).doesNotExist();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>Cody Batch: greet-cody</title>")
                .contains(HtmlReport.viewerStyle()).contains(HtmlReport.viewerScript());
        JsonNode data = embeddedData(page);
        assertThat(data.get("summary")).isEqualTo(Json.MAPPER.readTree(out.resolve("summary.json").toFile()));
        JsonNode widgets = data.at("/repos/repos~1acme__widgets");
        assertThat(widgets.get("diff").asText()).isEqualTo(Files.readString(out.resolve("repos/acme__widgets/patch.diff")));
        assertThat(widgets.get("transcript")).hasSize(
                Files.readAllLines(out.resolve("repos/acme__widgets/transcript.jsonl")).size());
        assertThat(widgets.get("result")).isEqualTo(Json.MAPPER.readTree(out.resolve("repos/acme__widgets/result.json").toFile()));
        assertThat(data.at("/repos/repos~1acme__blocked").has("diff")).isFalse();
        assertThat(data.get("notes")).isEmpty();
    }

    @Test
    void hostileTextInTheDataCannotCloseTheScriptElement() throws Exception {
        Path out = copy();

        String page = Files.readString(new HtmlReport().write(out));

        // the engine wrote a summary holding <script>...</script> and a folder name holding <img ...>
        int start = page.indexOf(DATA_START) + DATA_START.length();
        String data = page.substring(start, page.indexOf("</script>", start));
        assertThat(data.contains("<script") || data.contains("<img") || data.contains("</")).isFalse();
        assertThat(data).contains("\\u003Cscript\\u003E");
        assertThat(embeddedData(page).toString()).contains("<script>window.pwned = 1</script>", RealResults.HOSTILE_NAME);
    }

    @Test
    void aMissingSummaryIsNotedAndTheFoldersAreListedInTheSameShape() throws Exception {
        Path out = copy();
        Files.delete(out.resolve("summary.json"));
        Files.writeString(out.resolve("repos/alpha/transcript.jsonl"), "{not json\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        JsonNode data = embeddedData(Files.readString(new HtmlReport().write(out)));

        assertThat(data.get("notes").get(0).asText()).isEqualTo("summary.json is missing; the table lists the repos/ folders.");
        assertThat(data.at("/summary/repositories")).hasSize(7).allSatisfy(entry -> {
            assertThat(entry.path("directory").asText()).startsWith("repos/");
            assertThat(entry.has("status")).isTrue();
        });
        JsonNode transcript = data.at("/repos/repos~1alpha/transcript");
        assertThat(transcript.get(transcript.size() - 1).toString()).isEqualTo("{\"event\":\"unparsed\",\"line\":\"{not json\"}");
    }

    @Test
    void aDirectoryOutsideReposIsNeverRead() throws Exception {
        Path out = copy();
        Files.writeString(dir.getParent().resolve("secret.txt"), "not for the report");
        ObjectNode summary = (ObjectNode) Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        ((ObjectNode) summary.path("repositories").get(0)).put("directory", "repos/../..");
        Json.MAPPER.writeValue(out.resolve("summary.json").toFile(), summary);

        String page = Files.readString(new HtmlReport().write(out));

        assertThat(page).doesNotContain("not for the report");
        assertThat(embeddedData(page).path("repos").has("repos/../..")).isFalse();
    }

    @Test
    void hugeFilesAreCutWithAFlag() throws Exception {
        Path out = copy();

        JsonNode data = embeddedData(Files.readString(new HtmlReport(200).write(out)));

        JsonNode widgets = data.at("/repos/repos~1acme__widgets");
        assertThat(widgets.get("diff").asText()).hasSize(200);
        assertThat(widgets.get("diff_truncated").asBoolean()).isTrue();
        assertThat(widgets.get("transcript_truncated").asBoolean()).isTrue();
    }

    @Test
    void theViewerNeverHandsDataToAnHtmlParser() {
        assertThat(HtmlReport.viewerScript()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                "document.write", "eval(", "new Function", "setAttribute('href'", "setAttribute(\"href\"");
    }
}
