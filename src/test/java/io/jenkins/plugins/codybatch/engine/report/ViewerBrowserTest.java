package io.jenkins.plugins.codybatch.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The viewer in Debian's headless chromium: report.html from disk, and server mode over HTTP. */
class ViewerBrowserTest {

    private static final String XSS_NAME = "acme/<img src=x onerror=\"window.pwned=1;alert(1)\">";
    private static final String XSS_SCRIPT = "<script>window.pwned=2;alert(2)</script>";

    private static ChromeDriver driver;

    @TempDir
    Path dir;

    private HttpServer server;

    @BeforeAll
    static void startBrowser() throws IOException {
        driver = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void rendersHeaderTableAndCounts() throws IOException {
        open(report(ReportFixtures.realistic(dir)));

        assertThat(text(".cb-job-name")).isEqualTo("Migrate tests to JUnit 5");
        assertThat(text(".cb-header")).contains("code-pattern-update", "Started 2026-11-29T09:12:04Z");
        assertThat(statValue("Repositories")).isEqualTo("5");
        assertThat(statValue("Tokens")).isEqualTo("45,485");
        assertThat(statValue("Cost")).isEqualTo("$0.1474");
        assertThat(statValue("completed")).isEqualTo("2");
        assertThat(visibleRepositories()).containsExactly("acme/payments-service", "acme/inventory",
                "acme/legacy-billing", "acme/docs-site", "acme/archived-tool");
        WebElement payments = driver.findElements(By.cssSelector(".cb-row")).get(0);
        assertThat(payments.getText()).contains("COMPLETED", "3", "22,235", "$0.0731", "#42", "created");
        WebElement link = payments.findElement(By.cssSelector("a"));
        assertThat(link.getAttribute("href")).isEqualTo("https://github.com/acme/payments-service/pull/42");
        assertThat(driver.findElements(By.cssSelector(".cb-row")).get(2).getText())
                .contains("FAILED", "Clone failed: repository not found");
        assertThat(text(".cb-shown-count")).isEqualTo("Showing 5 of 5");
        assertNoConsoleErrors(false);
    }

    @Test
    void statusAndNameFiltersHideRows() throws IOException {
        open(report(ReportFixtures.realistic(dir)));

        WebElement failed = filterButton("FAILED");
        assertThat(failed.getText()).contains("FAILED", "1");
        failed.click();
        assertThat(visibleRepositories()).containsExactly("acme/legacy-billing");
        assertThat(failed.getAttribute("aria-pressed")).isEqualTo("true");
        filterButton("COMPLETED").click();
        assertThat(visibleRepositories()).containsExactly("acme/payments-service", "acme/inventory", "acme/legacy-billing");
        driver.findElement(By.cssSelector(".cb-filter-all")).click();
        assertThat(visibleRepositories()).hasSize(5);

        driver.findElement(By.cssSelector(".cb-search")).sendKeys("PAY");
        assertThat(visibleRepositories()).containsExactly("acme/payments-service");
        filterButton("FAILED").click();
        assertThat(visibleRepositories()).isEmpty();
        assertThat(text(".cb-shown-count")).isEqualTo("Showing 0 of 5");

        driver.findElement(By.cssSelector(".cb-filter-all")).click();
        driver.findElement(By.cssSelector(".cb-search")).clear();
        driver.findElement(By.cssSelector(".cb-search")).sendKeys("a");
        driver.findElements(By.cssSelector(".cb-sort")).get(3).click(); // Tokens, largest first
        assertThat(visibleRepositories().get(0)).isEqualTo("acme/payments-service");
        assertNoConsoleErrors(false);
    }

    @Test
    void diffOpensWithColouredLines() throws IOException {
        open(report(ReportFixtures.realistic(dir)));

        openRepository("acme/payments-service");
        tab("Diff");

        assertThat(text(".cb-diff-stats")).isEqualTo("3 files, +18 \u221218");
        List<WebElement> files = driver.findElements(By.cssSelector(".cb-diff-file"));
        assertThat(files).hasSize(3);
        assertThat(files.get(0).getText()).startsWith("diff --git a/src/test/java/com/acme/payments/Service0Test.java");
        WebElement added = driver.findElements(By.cssSelector(".cb-diff-add")).get(0);
        assertThat(added.getText()).isEqualTo("+import static org.junit.jupiter.api.Assertions.assertEquals;");
        assertThat(added.getCssValue("background-color")).isEqualTo("rgba(230, 255, 236, 1)");
        WebElement removed = driver.findElements(By.cssSelector(".cb-diff-del")).get(0);
        assertThat(removed.getCssValue("background-color")).isEqualTo("rgba(255, 235, 233, 1)");
        assertThat(driver.findElements(By.cssSelector(".cb-diff-hunk")).get(0).getText()).isEqualTo("@@ -1,12 +1,12 @@");
        assertThat(driver.findElements(By.cssSelector(".cb-diff-meta")).get(0).getText()).startsWith("index ");

        tab("Result");
        assertThat(text(".cb-fields")).contains("Iterations\n4", "Service2Test.java", "Migrated 3 test classes");
        assertNoConsoleErrors(false);
    }

    @Test
    void largeDiffIsCutWithANote() throws IOException {
        new ReportFixtures(dir, "big", JobType.CODE_PATTERN_UPDATE)
                .repo(new RepoResult("acme/big", RepoStatus.COMPLETED, null, 1, Usage.ZERO, 0, List.of(), null, null, 0),
                        ReportFixtures.junitDiff("big", 300), null, null)
                .writeSummary();
        open(report(dir));

        openRepository("acme/big");
        tab("Diff");

        assertThat(driver.findElements(By.cssSelector(".cb-diff-line"))).hasSize(5000);
        assertThat(text(".cb-diff-view .cb-note")).isEqualTo(
                "Diff truncated: showing the first 5,000 of 8,100 lines. The full patch is in patch.diff.");
        assertThat(text(".cb-diff-stats")).isEqualTo("300 files, +1800 \u22121800");
        assertNoConsoleErrors(false);
    }

    @Test
    void conversationShowsCollapsibleToolCallsAndUsage() throws IOException {
        open(report(ReportFixtures.realistic(dir)));

        openRepository("acme/payments-service");
        tab("Conversation");

        List<WebElement> events = driver.findElements(By.cssSelector(".cb-event"));
        assertThat(events).hasSize(14);
        assertThat(events.get(0).getText()).startsWith("REQUEST").contains("Migrate the tests of acme/payments-service");
        assertThat(events.get(1).getText()).contains("RESPONSE", "req_011CV0xYz", "stop: tool_use",
                "I'll start by finding the JUnit 4 tests.", "input 1,200 \u00b7 output 180 \u00b7 cache write 4,100");
        assertThat(events.get(3).getText()).startsWith("RETRY").contains("HTTP 529 overloaded");

        WebElement call = driver.findElement(By.cssSelector(".cb-event-tool-call details"));
        assertThat(call.getAttribute("open")).isNull();
        WebElement input = call.findElement(By.cssSelector(".cb-json"));
        assertThat(input.isDisplayed()).isFalse();
        call.findElement(By.tagName("summary")).click();
        assertThat(call.getAttribute("open")).isNotNull();
        assertThat(input.isDisplayed()).isTrue();
        assertThat(input.getText()).contains("\"command\": \"grep -rl 'org.junit.Test' src/test\"");

        WebElement error = driver.findElement(By.cssSelector(".cb-event-tool-result details.cb-is-error"));
        assertThat(error.getText()).contains("Error", "sed: can't read src/main/Foo.java");
        assertThat(events.get(events.size() - 1).getText()).startsWith("OUTCOME").contains("Done after 4 requests");
        assertNoConsoleErrors(false);
    }

    @Test
    void unknownEventsAndAnalysisReportsShowAsText() throws IOException {
        RepoResult result = new RepoResult("acme/app", RepoStatus.NO_CHANGES, null, 1, Usage.ZERO, 0, List.of(), null,
                "Uses Java 11.", 0);
        new ReportFixtures(dir, "Java versions", JobType.ANALYSIS)
                .repo(result, null, List.of(ReportFixtures.event("compaction").put("kept", 3)),
                        "# Java version\n\n<b>Java 11</b> in `pom.xml`\n")
                .writeSummary();
        open(report(dir));

        openRepository("acme/app");

        WebElement report = driver.findElement(By.cssSelector(".cb-report"));
        assertThat(report.getText()).isEqualTo("# Java version\n\n<b>Java 11</b> in `pom.xml`");
        assertThat(report.findElements(By.cssSelector("*"))).isEmpty();
        tab("Conversation");
        WebElement other = driver.findElement(By.cssSelector(".cb-event-other"));
        other.findElement(By.tagName("summary")).click();
        assertThat(other.getText()).contains("compaction", "\"kept\": 3");
        assertNoConsoleErrors(false);
    }

    @Test
    void htmlInNamesDiffsAndMessagesIsShownAsText() throws IOException {
        RepoResult result = new RepoResult(XSS_NAME, RepoStatus.FAILED, "Error " + XSS_SCRIPT, 1, Usage.ZERO, 0,
                List.of("<img src=x onerror=alert(3)>.java"),
                new PullRequestRef("javascript:window.pwned=4", 1, "created"),
                "Summary " + XSS_SCRIPT, 0);
        new ReportFixtures(dir, "Job " + XSS_SCRIPT, JobType.CODE_PATTERN_UPDATE)
                .repo(result, "diff --git a/x b/x\n@@ -1 +1 @@\n-old\n+<img src=x onerror=\"window.pwned=5\">\n",
                        List.of(ReportFixtures.request("Model says " + XSS_SCRIPT),
                                ReportFixtures.toolResult("t1", "<img src=x onerror=window.pwned=6>", false)),
                        null)
                .writeSummary();
        open(report(dir));

        assertThat(text(".cb-job-name")).isEqualTo("Job " + XSS_SCRIPT);
        assertThat(visibleRepositories()).containsExactly(XSS_NAME);
        assertThat(text(".cb-col-error")).isEqualTo("Error " + XSS_SCRIPT);
        openRepository(XSS_NAME);
        assertThat(text(".cb-detail-title h2")).isEqualTo(XSS_NAME);
        tab("Result");
        assertThat(text(".cb-fields")).contains("<img src=x onerror=alert(3)>.java", "Summary " + XSS_SCRIPT,
                "javascript:window.pwned=4");
        tab("Diff");
        assertThat(driver.findElements(By.cssSelector(".cb-diff-add")).get(0).getText())
                .isEqualTo("+<img src=x onerror=\"window.pwned=5\">");
        tab("Conversation");
        assertThat(text(".cb-event-request")).contains("Model says " + XSS_SCRIPT);
        driver.findElement(By.cssSelector(".cb-event-tool-result summary")).click();
        assertThat(text(".cb-event-tool-result")).contains("<img src=x onerror=window.pwned=6>");

        JavascriptExecutor js = driver;
        assertThat(js.executeScript("return document.querySelectorAll('img').length")).isEqualTo(0L);
        assertThat(js.executeScript("return document.querySelectorAll('#cody-batch-viewer script').length")).isEqualTo(0L);
        assertThat(js.executeScript("return document.querySelectorAll('#cody-batch-viewer a[href^=javascript]').length"))
                .isEqualTo(0L);
        assertThat(js.executeScript("return typeof window.pwned")).isEqualTo("undefined");
        assertThat(driver.getTitle()).isEqualTo("Cody Batch: Job " + XSS_SCRIPT);
        assertNoConsoleErrors(false);
    }

    @Test
    void serverModeFetchesTheSameFolderLazily() throws IOException {
        ReportFixtures.realistic(dir);
        List<String> requests = serveFolderAsBuildPage();

        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/job/1/cody-batch/");
        waitForRender();

        assertThat(visibleRepositories()).hasSize(5);
        assertThat(statValue("Cost")).isEqualTo("$0.1474");
        assertThat(requests).noneMatch(p -> p.contains("/repos/"));
        openRepository("acme/payments-service");
        tab("Diff");
        assertThat(driver.findElements(By.cssSelector(".cb-diff-file"))).hasSize(3);
        tab("Conversation");
        assertThat(driver.findElements(By.cssSelector(".cb-event"))).hasSize(14);
        assertThat(requests).contains("/job/1/artifact/repos/acme__payments-service/result.json",
                "/job/1/artifact/repos/acme__payments-service/patch.diff",
                "/job/1/artifact/repos/acme__payments-service/transcript.jsonl");
        assertThat(requests).noneMatch(p -> p.contains("acme__inventory"));

        openRepository("acme/legacy-billing");
        tab("Diff");
        assertThat(text(".cb-diff-view")).isEqualTo("No patch for this repository.");

        Files.writeString(dir.resolve("repos/acme__docs-site/result.json"), "{ cut off");
        openRepository("acme/docs-site");
        tab("Result");
        assertThat(text(".cb-fields")).contains("NO_CHANGES", "No JUnit tests in this repository");
        assertNoConsoleErrors(true);
    }

    @Test
    void serverModeFetchesARunningRepositoryAgainWhenReopened() throws IOException {
        ReportFixtures.realistic(dir);
        Path summary = dir.resolve("summary.json");
        Files.writeString(summary, Files.readString(summary).replaceFirst(
                "(\"repository\"\\s*:\\s*\"acme/docs-site\"\\s*,\\s*\"status\"\\s*:\\s*\")NO_CHANGES\"", "$1RUNNING\""));
        List<String> requests = serveFolderAsBuildPage();
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/job/1/cody-batch/");
        waitForRender();
        assertThat(filterButton("RUNNING").getText()).contains("1");

        openRepository("acme/docs-site");
        tab("Conversation");
        int before = driver.findElements(By.cssSelector(".cb-event")).size();
        Files.writeString(dir.resolve("repos/acme__docs-site/transcript.jsonl"),
                "{\"type\":\"error\",\"message\":\"written while the page was open\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        openRepository("acme/payments-service");
        openRepository("acme/docs-site");
        tab("Conversation");

        assertThat(driver.findElements(By.cssSelector(".cb-event"))).hasSize(before + 1);
        assertThat(text(".cb-tab-panel")).contains("written while the page was open");
        openRepository("acme/payments-service");
        assertThat(requests).filteredOn(p -> p.endsWith("acme__docs-site/transcript.jsonl")).hasSize(2);
        assertThat(requests).filteredOn(p -> p.endsWith("acme__payments-service/transcript.jsonl")).hasSize(1);
        assertNoConsoleErrors(true);
    }

    @Test
    void serverModeRefusesAnotherOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/static/viewer.js")) {
                send(exchange, 200, "text/javascript", HtmlReport.viewerScript());
            } else {
                send(exchange, 200, "text/html", "<!DOCTYPE html><html><body><div id=\"cody-batch-viewer\" "
                        + "data-summary-url=\"http://localhost:9/summary.json\" data-repo-url=\"repos/\"></div>"
                        + "<script src=\"/static/viewer.js\"></script></body></html>");
            }
        });
        server.start();

        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/page");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("cody-batch-viewer"))
                .getAttribute("data-rendered") != null);

        assertThat(text("#cody-batch-viewer")).isEqualTo(
                "Could not load the results: Refusing to load http://localhost:9/summary.json: not the same origin as this page");
    }

    // ---- helpers ----

    /** Serves {@code dir} the way the build page does (page, viewer, files under ../artifact/); returns the paths asked for. */
    private List<String> serveFolderAsBuildPage() throws IOException {
        List<String> requests = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            requests.add(path);
            switch (path) {
                case "/job/1/cody-batch/" -> send(exchange, 200, "text/html", page());
                case "/static/viewer.js" -> send(exchange, 200, "text/javascript", HtmlReport.viewerScript());
                case "/static/viewer.css" -> send(exchange, 200, "text/css", HtmlReport.viewerStyle());
                default -> {
                    Path file = path.startsWith("/job/1/artifact/")
                            ? dir.resolve(path.substring("/job/1/artifact/".length())).normalize() : dir;
                    if (file.startsWith(dir) && Files.isRegularFile(file)) {
                        send(exchange, 200, "text/plain; charset=utf-8", Files.readString(file));
                    } else {
                        send(exchange, 404, "text/plain", "not found");
                    }
                }
            }
        });
        server.start();
        return requests;
    }

    private static String page() {
        return "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/static/viewer.css\"></head><body>"
                + "<div id=\"cody-batch-viewer\" data-summary-url=\"../artifact/summary.json\" "
                + "data-repo-url=\"../artifact/repos/\"></div>"
                + "<script src=\"/static/viewer.js\"></script></body></html>";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Path report(Path outputDir) throws IOException {
        return new HtmlReport().write(outputDir);
    }

    private static void open(Path html) {
        driver.get(html.toUri().toString());
        waitForRender();
    }

    private static void waitForRender() {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            String marker = d.findElement(By.id("cody-batch-viewer")).getAttribute("data-rendered");
            return marker != null && !marker.equals("error");
        });
    }

    private static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private static String statValue(String label) {
        return driver.findElements(By.cssSelector(".cb-stat")).stream()
                .filter(s -> s.findElement(By.cssSelector(".cb-stat-label")).getText().equalsIgnoreCase(label))
                .map(s -> s.findElement(By.cssSelector(".cb-stat-value")).getText())
                .findFirst().orElseThrow(() -> new AssertionError("no stat " + label));
    }

    private static WebElement filterButton(String status) {
        return driver.findElement(By.cssSelector(".cb-filter[data-status='" + status + "']"));
    }

    private static List<String> visibleRepositories() {
        return driver.findElements(By.cssSelector(".cb-row")).stream().filter(WebElement::isDisplayed)
                .map(r -> r.findElement(By.cssSelector(".cb-repo-button")).getText()).collect(Collectors.toList());
    }

    private static void openRepository(String name) {
        driver.findElements(By.cssSelector(".cb-repo-button")).stream().filter(b -> b.getText().equals(name))
                .findFirst().orElseThrow().click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".cb-tab")).isEmpty()
                && d.findElement(By.cssSelector(".cb-detail-title h2")).getText().equals(name));
    }

    private static void tab(String label) {
        driver.findElements(By.cssSelector(".cb-tab")).stream().filter(b -> b.getText().equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("no tab " + label)).click();
    }

    /** Console errors and CSP violations fail a test; in server mode a 404 for a file a repository lacks is expected. */
    private static void assertNoConsoleErrors(boolean allowMissingFiles) {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !(allowMissingFiles && m.contains("the server responded with a status of 404")))
                .collect(Collectors.toList());
        assertThat(errors).isEmpty();
    }
}
