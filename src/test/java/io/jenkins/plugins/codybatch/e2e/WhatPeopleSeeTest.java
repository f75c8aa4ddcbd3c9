package io.jenkins.plugins.codybatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.e2e.ViewerPage.Where;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What a person sees of a batch the real engine ran (through the CLI, against the fake APIs), in report.html and on
 * the Jenkins build page (the same viewer, fed by the action's endpoints). Every expected figure comes from the
 * summary.json and result.json files that run wrote.
 */
class WhatPeopleSeeTest {

    private static JsonNode summary(Path dir) throws IOException {
        return Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void eachRepositoryOnceAndTheHeaderAddsUpToSummaryJson(Where where) throws IOException {
        RealResults real = RealResults.get();
        JsonNode summary = summary(real.code);
        try (ViewerPage page = ViewerPage.open(where, real.code, "")) {
            List<String> expected = new ArrayList<>();
            summary.path("repositories").forEach(e -> expected.add(e.path("result").path("repository").asText()));
            assertThat(page.rows()).containsExactlyElementsOf(expected).doesNotHaveDuplicates()
                    .hasSize(summary.path("total").asInt()).contains(RealResults.HOSTILE_NAME);
            assertThat(page.text(".cb-shown-count")).isEqualTo("Showing 7 of 7");

            assertThat(page.stat("Repositories")).isEqualTo(summary.path("total").asText());
            summary.path("counts").fields().forEachRemaining(count -> {
                String label = count.getKey().replace('_', ' ').toLowerCase(Locale.ROOT);
                if (count.getValue().asInt() > 0) {
                    assertThat(page.stat(label)).as(label).isEqualTo(count.getValue().asText());
                } else {
                    assertThat(page.hasStat(label)).as(label).isFalse();
                }
            });
            assertThat(page.stat("Tokens")).isEqualTo(String.format(Locale.ROOT, "%,d", summary.path("total_tokens").asLong()));
            assertThat(page.stat("Cost")).isEqualTo(String.format(Locale.ROOT, "$%.4f", summary.path("cost").asDouble()));
            assertThat(page.text(".cb-job-name")).isEqualTo("greet-cody");
            // each repository's cost reads as the console prints it (Java rounds the decimal: $0.01185 is $0.0119)
            summary.path("repositories").forEach(e -> {
                JsonNode result = e.path("result");
                if (result.path("cost").asDouble() > 0) {
                    assertThat(page.row(result.path("repository").asText()).getText()).as(result.path("repository").asText())
                            .contains(String.format(Locale.ROOT, "$%.4f", result.path("cost").asDouble()));
                }
            });

            WebElement widgets = page.row("acme/widgets");
            assertThat(widgets.getText()).contains("COMPLETED", "#1", "created", "open");
            assertThat(widgets.findElement(By.cssSelector("a")).getAttribute("href"))
                    .isEqualTo("https://github.com/acme/widgets/pull/1");
            assertThat(page.row("acme/blocked").getText()).contains("SKIPPED", "is not in the allowed repositories");
            assertThat(page.row("broken").getText()).contains("FAILED", "400");
            // HTML in a name or a summary is text: nothing of it ran or was parsed
            assertThat(page.script("return document.querySelectorAll('.cb-viewer img').length")).isEqualTo(0L);
            assertThat(page.script("return window.pwned === undefined")).isEqualTo(true);
            assertThat(page.consoleProblems()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void theConversationShowsPromptTextToolCallsResultsErrorsAndUsage(Where where) throws IOException {
        RealResults real = RealResults.get();
        try (ViewerPage page = ViewerPage.open(where, real.code, "")) {
            page.openRepository("tripped");
            assertThat(page.tabs()).containsExactly("Result", "Diff", "Conversation");
            page.tab("Conversation");
            String conversation = page.panel();
            assertThat(conversation).contains("Prompt", RealResults.CODE_PROMPT)
                    .contains("There is no docs/GREETING.md; I will edit README.md instead.")
                    .contains("Tool call: str_replace_based_edit_tool", "view · path docs/GREETING.md")
                    .contains("Tool error: str_replace_based_edit_tool", "File not found: 'docs/GREETING.md'")
                    .contains("str_replace · path README.md", "old_str", "Hello", "new_str", "Hello, Cody")
                    .contains("create · path NOTES.md", "file_text", "Updated by Cody Batch.")
                    .contains("Greeted Cody in README.md <b>bold?</b><script>window.pwned = 1</script> and added NOTES.md.")
                    .contains("Outcome: DONE");
            // one usage line per turn, from the transcript's response events
            long turns = Files.readAllLines(real.code.resolve("repos/tripped/transcript.jsonl")).stream()
                    .filter(l -> l.contains("\"event\":\"response\"")).count();
            assertThat(page.all(".cb-event-response .cb-usage")).hasSize((int) turns)
                    .allMatch(u -> u.getText().contains("input 1,200 · output 80 · cache write 300 · cache read 0"));
            assertThat(page.all(".cb-event-response")).hasSize(3);
            assertThat(page.all(".cb-event-tool-call")).hasSize(3);
            assertThat(page.all(".cb-event-tool-result.cb-is-error")).hasSize(1);
            assertThat(page.all(".cb-event-other")).isEmpty(); // every event the engine writes has a view

            page.openRepository("broken");
            page.tab("Conversation");
            assertThat(page.panel()).contains("API error", "The Claude API rejected the request (400 invalid_request_error)",
                    "Outcome: FAILED");
            page.tab("Result");
            assertThat(page.panel()).contains("Error", "400 invalid_request_error", "Requests", "0");
            assertThat(page.consoleProblems()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void theDiffIsColouredAndTheResultTellsWhatHappened(Where where) throws IOException {
        RealResults real = RealResults.get();
        try (ViewerPage page = ViewerPage.open(where, real.code, "")) {
            page.openRepository("alpha");
            assertThat(page.selectedTab()).isEqualTo("Diff");
            assertThat(page.text(".cb-diff-stats")).isEqualTo("2 files, +2 −1");
            WebElement added = page.all(".cb-diff-add").stream().filter(e -> e.getText().equals("+Hello, Cody from alpha"))
                    .findFirst().orElseThrow();
            WebElement removed = page.all(".cb-diff-del").get(0);
            assertThat(removed.getText()).isEqualTo("-Hello from alpha");
            assertThat(added.getCssValue("background-color")).isNotEqualTo(removed.getCssValue("background-color"))
                    .isNotEqualTo("rgba(0, 0, 0, 0)");
            page.tab("Result");
            assertThat(page.panel()).contains("No pull request: alpha is not a GitHub repository", "NOTES.md",
                    "README.md", "Greeted Cody in README.md and added NOTES.md.");

            page.openRepository("quiet");
            assertThat(page.tabs()).containsExactly("Result", "Conversation"); // no patch: no Diff tab
            assertThat(page.panel()).contains("NO_CHANGES", "Files changed (0)",
                    "README.md already says what it should; nothing to change.");

            page.openRepository("acme/blocked");
            assertThat(page.tabs()).containsExactly("Result"); // never cloned, nothing to show
            assertThat(page.panel()).contains("SKIPPED", "is not in the allowed repositories");
            assertThat(page.consoleProblems()).isEmpty();
            // the build page asked only for files that exist
            assertThat(page.requests()).allMatch(r -> r.startsWith("200 "));
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void anAnalysisJobShowsItsAnswers(Where where) throws IOException {
        RealResults real = RealResults.get();
        try (ViewerPage page = ViewerPage.open(where, real.analysis, "")) {
            assertThat(page.rows()).containsExactly("acme/widgets", "alpha");
            assertThat(page.stat("completed")).isEqualTo("2");
            page.openRepository("alpha");
            assertThat(page.tabs()).containsExactly("Report", "Result", "Conversation");
            assertThat(page.selectedTab()).isEqualTo("Report");
            assertThat(page.panel()).isEqualTo(Files.readString(real.analysis.resolve("repos/alpha/report.md")).strip());
            assertThat(page.consoleProblems()).isEmpty();
            assertThat(page.requests()).allMatch(r -> r.startsWith("200 "));
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void aVerifiedChangeShowsItsCheckAndTheRepairInTheConversation(Where where) throws IOException {
        RealResults real = RealResults.get();
        try (ViewerPage page = ViewerPage.open(where, real.checked, "")) {
            page.openRepository("gated");
            assertThat(page.tabs()).containsExactly("Result", "Diff", "Check", "Conversation");
            page.tab("Check");
            assertThat(page.panel()).contains(RealResults.CHECK, "PASSED", "Runs", "2", "exit code 0",
                    "all checks passed", "Repairs");
            page.tab("Conversation");
            assertThat(page.all(".cb-event-verification")).extracting(WebElement::getText)
                    .satisfiesExactly(first -> assertThat(first).contains("Check run 1: failed", "exit code 1"),
                            second -> assertThat(second).contains("Check run 2: passed", "exit code 0"));
            assertThat(page.panel()).contains("FAIL: NOTES.md still has a TODO",
                    "The check says NOTES.md still has a TODO; fixing it.");
            assertThat(page.consoleProblems()).isEmpty();
        }
    }
}
