package io.jenkins.plugins.codybatch.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.codybatch.engine.report.HeadlessChromium;
import io.jenkins.plugins.codybatch.engine.report.HtmlReport;
import io.jenkins.plugins.codybatch.engine.report.ReportFixtures;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How fast report.html for 1,000 repositories is written and shown. Run with
 * {@code mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.jenkins.plugins.codybatch.bench.ReportBenchmark}. Goal: table rendered in under 2 s.
 */
public final class ReportBenchmark {

    private static final int REPOSITORIES = 1000;
    private static final int LOADS = 5;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cody-batch-report-bench");
        generate(dir);

        long writeStart = System.nanoTime();
        Path html = new HtmlReport().write(dir);
        long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
        System.out.printf("report.html: %,d repositories, %,d bytes, written in %d ms%n",
                REPOSITORIES, Files.size(html), writeMillis);

        ChromeDriver driver = HeadlessChromium.start(1280, 900);
        try {
            double[] rendered = new double[LOADS];
            for (int i = 0; i < LOADS; i++) {
                driver.get("about:blank");
                driver.get(html.toUri().toString());
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                        d.findElement(By.id("cody-batch-viewer")).getAttribute("data-rendered") != null);
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) driver.executeScript(
                        "var n = performance.getEntriesByType('navigation')[0];"
                                + "return {rendered: window.codyBatchRenderedAt, responseEnd: n.responseEnd,"
                                + " domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
                                + " rows: document.querySelectorAll('.cb-row').length};");
                rendered[i] = ((Number) t.get("rendered")).doubleValue();
                System.out.printf("load %d: table rendered at %.0f ms (responseEnd %.0f, DOMContentLoaded %.0f, "
                                + "load %.0f), %s rows%n", i + 1, rendered[i], num(t, "responseEnd"),
                        num(t, "domContentLoaded"), num(t, "load"), t.get("rows"));
            }
            Arrays.sort(rendered);
            System.out.printf("median time to rendered table: %.0f ms (min %.0f, max %.0f)%n",
                    rendered[LOADS / 2], rendered[0], rendered[LOADS - 1]);

            for (int row : new int[] {500, 700, 900}) {
                // Click, then wait until the detail panel shows this repository's diff and has been laid out.
                Object openMillis = driver.executeScript(
                        "var t0 = performance.now(); var name = 'acme/service-' + ('000' + arguments[0]).slice(-4);"
                                + "Array.prototype.filter.call(document.querySelectorAll('.cb-repo-button'),"
                                + "  function (b) { return b.textContent === name; })[0].click();"
                                + "return new Promise(function (done) { (function poll() {"
                                + "  var h = document.querySelector('.cb-detail-title h2');"
                                + "  if (h && h.textContent === name && document.querySelector('.cb-tab-panel')) {"
                                + "    document.body.offsetHeight; done(performance.now() - t0); }"
                                + "  else { setTimeout(poll, 0); } })(); });", row);
                System.out.printf("open repository %d (detail shown and laid out): %.0f ms%n", row,
                        ((Number) openMillis).doubleValue());
            }
            Object filterMillis = driver.executeScript(
                    "var t0 = performance.now();"
                            + "document.querySelector('.cb-filter[data-status=FAILED]').click();"
                            + "document.body.offsetHeight; return performance.now() - t0;");
            System.out.printf("status filter over %,d rows (incl. layout): %.0f ms%n", REPOSITORIES,
                    ((Number) filterMillis).doubleValue());
        } finally {
            driver.quit();
        }
    }

    private static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    /** 1,000 repositories: 70% changed (1 to 3 files, 2 to 5 tool turns), 15% no changes, 10% failed, 5% skipped. */
    private static void generate(Path dir) {
        Random random = new Random(42);
        ReportFixtures fixtures = new ReportFixtures(dir, "Migrate tests to JUnit 5", JobType.CODE_PATTERN_UPDATE);
        for (int i = 0; i < REPOSITORIES; i++) {
            String name = "acme/service-" + String.format("%04d", i);
            int roll = random.nextInt(100);
            Usage usage = new Usage(2000 + random.nextInt(8000), 200 + random.nextInt(900), 4100, random.nextInt(20000));
            double cost = 0.01 + random.nextInt(900) / 10000.0;
            if (roll < 70) {
                int files = 1 + random.nextInt(3);
                List<String> changed = new ArrayList<>();
                for (int f = 0; f < files; f++) {
                    changed.add("src/test/java/com/acme/m" + i + "/Service" + f + "Test.java");
                }
                fixtures.repo(new RepoResult(name, RepoStatus.COMPLETED, null, files + 1, usage, cost, changed,
                                new PullRequestRef("https://github.com/" + name + "/pull/" + (i + 1), i + 1, "created"),
                                "Migrated " + files + " test classes to JUnit 5.", 20_000 + random.nextInt(60_000)),
                        ReportFixtures.junitDiff("m" + i, files), ReportFixtures.junitTranscript(name, 2 + random.nextInt(4)),
                        null);
            } else if (roll < 85) {
                fixtures.repo(new RepoResult(name, RepoStatus.NO_CHANGES, null, 2, usage, cost, List.of(), null,
                        "No JUnit 4 tests here.", 9_000), null, ReportFixtures.junitTranscript(name, 1), null);
            } else if (roll < 95) {
                List<ObjectNode> transcript = ReportFixtures.junitTranscript(name, 1);
                transcript.add(ReportFixtures.event("error").put("message", "HTTP 529 overloaded after 5 attempts"));
                fixtures.repo(new RepoResult(name, RepoStatus.FAILED, "The API stayed overloaded (HTTP 529) after 5 "
                        + "attempts; run the batch again with --retry-failed.", 2, usage, cost, List.of(), null, null,
                        30_000), null, transcript, null);
            } else {
                fixtures.repo(RepoResult.skipped(name, "Not in the allowed repositories"), null, null, null);
            }
        }
        fixtures.writeSummary();
    }
}
