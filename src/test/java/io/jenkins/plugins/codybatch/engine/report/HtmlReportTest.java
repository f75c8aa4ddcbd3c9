package io.jenkins.plugins.codybatch.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final String DATA_START = "<script type=\"application/json\" id=\"cody-batch-data\">";

    @TempDir
    Path dir;

    @Test
    void embedsSummaryAndEveryRepositoryFile() throws Exception {
        ReportFixtures.realistic(dir);

        Path html = new HtmlReport().write(dir);

        assertThat(html).isEqualTo(dir.resolve("report.html"));
        assertThat(dir.resolve("report.html.tmp")).doesNotExist();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>Cody Batch: Migrate tests to JUnit 5</title>");
        assertThat(page).contains(HtmlReport.viewerStyle()).contains(HtmlReport.viewerScript());
        JsonNode data = embeddedData(page);
        assertThat(data.at("/summary/name").asText()).isEqualTo("Migrate tests to JUnit 5");
        assertThat(data.at("/summary/repositories")).hasSize(5);
        assertThat(data.at("/summary/repositories/0/dir").asText()).isEqualTo("acme__payments-service");
        JsonNode payments = data.at("/repos/acme__payments-service");
        assertThat(payments.at("/result/pull_request/number").asInt()).isEqualTo(42);
        assertThat(payments.get("diff").asText())
                .isEqualTo(Files.readString(dir.resolve("repos/acme__payments-service/patch.diff")));
        assertThat(payments.get("transcript")).hasSize(
                Files.readAllLines(dir.resolve("repos/acme__payments-service/transcript.jsonl")).size());
        assertThat(payments.at("/transcript/0/type").asText()).isEqualTo("request");
        assertThat(data.at("/repos/acme__legacy-billing").has("diff")).isFalse();
    }

    @Test
    void dataCannotCloseTheScriptElementOrBreakJavaScript() throws Exception {
        String hostile = "</script><script>alert(1)</script><!-- \u2028 \u2029 & <img src=x onerror=alert(2)>";
        RepoResult result = new RepoResult("acme/" + "x</script>", RepoStatus.FAILED, hostile, 1, Usage.ZERO, 0,
                List.of(), null, hostile, 0);
        ObjectNode message = ReportFixtures.request(hostile);
        new ReportFixtures(dir, "job </script> " + hostile, JobType.CODE_PATTERN_UPDATE)
                .repo(result, "+" + hostile + "\n", List.of(message), hostile)
                .writeSummary();

        String page = Files.readString(new HtmlReport().write(dir));

        int start = page.indexOf(DATA_START) + DATA_START.length();
        String block = page.substring(start, page.indexOf("</script>", start));
        assertThat(block).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        JsonNode data = Json.MAPPER.readTree(block);
        assertThat(data.get("repos").fieldNames().next()).isEqualTo("acme__x<__script>");
        JsonNode repo = data.get("repos").get("acme__x<__script>");
        assertThat(repo.at("/result/repository").asText()).isEqualTo("acme/x</script>");
        assertThat(repo.at("/result/error").asText()).isEqualTo(hostile);
        assertThat(repo.get("diff").asText()).isEqualTo("+" + hostile + "\n");
        assertThat(repo.get("report").asText()).isEqualTo(hostile);
        assertThat(repo.at("/transcript/0/content/0/text").asText()).isEqualTo(hostile);
        assertThat(data.at("/summary/name").asText()).isEqualTo("job </script> " + hostile);
        assertThat(page).contains("<title>Cody Batch: job &lt;/script&gt; &lt;/script&gt;&lt;script&gt;");
    }

    @Test
    void missingAndBrokenFilesLeaveTheirPartEmpty() throws Exception {
        // No summary.json; one folder with only a broken result.json and a half-broken transcript; one empty folder.
        Path broken = Files.createDirectories(dir.resolve("repos/acme__broken"));
        Files.writeString(broken.resolve("result.json"), "{ not json");
        Files.writeString(broken.resolve("transcript.jsonl"),
                "{\"type\":\"request\",\"content\":\"hi\"}\nthis line is cut off {\"ty\n\n[1,2]\n");
        Files.write(broken.resolve("patch.diff"), new byte[] {'+', (byte) 0xC3, (byte) 0x28, '\n'});
        Files.createDirectories(dir.resolve("repos/acme__empty"));

        String page = Files.readString(new HtmlReport().write(dir));

        JsonNode data = embeddedData(page);
        assertThat(data.at("/summary/name").asText()).isEqualTo(dir.getFileName().toString());
        assertThat(data.at("/summary/notes/0").asText()).contains("summary.json is missing");
        assertThat(data.at("/summary/repositories")).extracting(n -> n.get("dir").asText())
                .containsExactly("acme__broken", "acme__empty");
        JsonNode repo = data.at("/repos/acme__broken");
        assertThat(repo.has("result")).isFalse();
        assertThat(repo.get("transcript")).hasSize(3);
        assertThat(repo.at("/transcript/1/type").asText()).isEqualTo("unparsed");
        assertThat(repo.at("/transcript/1/line").asText()).isEqualTo("this line is cut off {\"ty");
        assertThat(repo.at("/transcript/2/line").asText()).isEqualTo("[1,2]");
        assertThat(repo.get("diff").asText()).isEqualTo("+\uFFFD(\n");
        assertThat(data.at("/repos/acme__empty").size()).isZero();
    }

    @Test
    void unreadableSummaryIsNotedAndListedRepositoriesWithoutFoldersStayInTheTable() throws Exception {
        Files.writeString(dir.resolve("summary.json"), "[]");
        String page = Files.readString(new HtmlReport().write(dir));
        assertThat(embeddedData(page).at("/summary/repositories")).isEmpty();

        Files.writeString(dir.resolve("summary.json"), "{\"name\":\"n\",\"repositories\":[{\"repository\":\"acme/gone\","
                + "\"status\":\"SKIPPED\"}, 7]}");
        JsonNode data = embeddedData(Files.readString(new HtmlReport().write(dir)));
        assertThat(data.at("/summary/repositories")).hasSize(1);
        assertThat(data.at("/summary/repositories/0/dir").asText()).isEqualTo("acme__gone");
        assertThat(data.get("repos").size()).isZero();

        Files.writeString(dir.resolve("summary.json"), "{\"name\": ");
        data = embeddedData(Files.readString(new HtmlReport().write(dir)));
        assertThat(data.at("/summary/notes/0").asText()).contains("summary.json could not be read");
    }

    @Test
    void aDirFieldCannotReadOutsideTheReposFolder() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("patch.diff"), "TOP-SECRET");
        Files.writeString(dir.resolve("summary.json"),
                "{\"name\":\"n\",\"repositories\":[{\"repository\":\"acme/a\",\"dir\":\"../outside\"}]}");

        String page = Files.readString(new HtmlReport().write(dir));

        assertThat(page).doesNotContain("TOP-SECRET");
    }

    @Test
    void onlyTheResultFilesAreEmbedded() throws Exception {
        ReportFixtures.realistic(dir);
        Files.writeString(dir.resolve("cody-batch.properties"), "anthropic.api-key=sk-ant-api03-SECRET");
        Files.writeString(dir.resolve("repos/acme__inventory/.env"), "GITHUB_TOKEN=ghp_SECRET");

        String page = Files.readString(new HtmlReport().write(dir));

        assertThat(page).doesNotContain("SECRET").contains("acme/inventory");
    }

    @Test
    void largeFilesAreCutWithAFlagAndManyRepositoriesStream() throws Exception {
        ReportFixtures fixtures = new ReportFixtures(dir, "big", JobType.CODE_PATTERN_UPDATE);
        String hugeDiff = ReportFixtures.junitDiff("big", 200);
        fixtures.repo(new RepoResult("acme/big", RepoStatus.COMPLETED, null, 1, Usage.ZERO, 0, List.of(), null, null, 0),
                hugeDiff, ReportFixtures.junitTranscript("acme/big", 100), "r".repeat(50_000));
        for (int i = 0; i < 1000; i++) {
            fixtures.repo(new RepoResult("acme/repo-" + i, RepoStatus.COMPLETED, null, 1, Usage.ZERO, 0, List.of(), null,
                    null, 0), ReportFixtures.junitDiff("m" + i, 1), ReportFixtures.junitTranscript("acme/repo-" + i, 1), null);
        }
        fixtures.writeSummary();

        Path html = new HtmlReport(10_000).write(dir);

        JsonNode data = embeddedData(Files.readString(html, StandardCharsets.UTF_8));
        JsonNode big = data.at("/repos/acme__big");
        assertThat(big.get("diff").asText()).hasSize(10_000).isEqualTo(hugeDiff.substring(0, 10_000));
        assertThat(big.get("diff_truncated").asBoolean()).isTrue();
        assertThat(big.get("report").asText()).hasSize(10_000);
        assertThat(big.get("report_truncated").asBoolean()).isTrue();
        assertThat(big.get("transcript_truncated").asBoolean()).isTrue();
        assertThat(big.get("transcript").size()).isBetween(1, 100);
        assertThat(data.get("repos").size()).isEqualTo(1001);
        assertThat(data.at("/repos/acme__repo-999").has("diff_truncated")).isFalse();
        assertThat(data.at("/repos/acme__repo-999/transcript")).hasSize(6);
    }

    @Test
    void viewerNeverHandsDataToAnHtmlParser() {
        String script = HtmlReport.viewerScript();
        assertThat(script).isNotBlank()
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                        "new Function", "setAttribute('on", "</script");
        assertThat(HtmlReport.viewerStyle()).contains(".cb-viewer");
    }

    private static JsonNode embeddedData(String page) throws Exception {
        int start = page.indexOf(DATA_START);
        assertThat(start).isPositive();
        start += DATA_START.length();
        return Json.MAPPER.readTree(page.substring(start, page.indexOf("</script>", start)));
    }
}
