package io.jenkins.plugins.codybatch.bench;

import io.jenkins.plugins.codybatch.cli.CliContext;
import io.jenkins.plugins.codybatch.cli.CodyBatchCli;
import io.jenkins.plugins.codybatch.cli.EngineFactory;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import io.jenkins.plugins.codybatch.engine.report.HeadlessChromium;
import io.jenkins.plugins.codybatch.engine.report.HtmlReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How fast report.html for 1,000 repositories (worked by the real engine) is written and shown. Run with
 * {@code mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.jenkins.plugins.codybatch.bench.ReportBenchmark}. Goal: table rendered in under 2 s.
 */
public final class ReportBenchmark {

    private static final int REPOSITORIES = 1000;
    private static final String KEY = "sk-ant-api03-report-benchmark-key";
    private static final int LOADS = 5;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cody-batch-report-bench");
        generate(dir);

        long writeStart = System.nanoTime();
        Path html = new HtmlReport().write(dir.resolve("results"));
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
                        "var t0 = performance.now(); var name = 'service-' + ('000' + arguments[0]).slice(-4);"
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

    /**
     * 1,000 local repositories worked by the real engine through the command line against the fake Anthropic API:
     * 70% changed, 15% without changes, 10% refused by the API (FAILED), 5% outside the allowlist (SKIPPED).
     */
    private static void generate(Path dir) throws Exception {
        Path repos = Files.createDirectories(dir.resolve("sources"));
        FakeAnthropic anthropic = new FakeAnthropic(KEY);
        List<String> args = new ArrayList<>(List.of("run", "--prompt", "Greet Cody in README.md and add NOTES.md",
                "--name", "report-bench", "--parallel", "8", "--output", dir.resolve("results").toString(),
                "--allowed-repos", "service-0*"));
        for (int i = 0; i < REPOSITORIES; i++) {
            String name = (i % 20 == 19 ? "other-" : "service-") + String.format("%04d", i);
            Path repo = Files.createDirectories(repos.resolve(name));
            git(repo, "init", "-q");
            Files.writeString(repo.resolve("README.md"), "Hello from " + name + "\n");
            git(repo, "add", "-A");
            git(repo, "commit", "-q", "-m", "base");
            int roll = i % 20;
            if (roll >= 14 && roll < 17) {
                anthropic.mode(name, FakeAnthropic.Mode.NO_CHANGE);
            } else if (roll >= 17 && roll < 19) {
                anthropic.mode(name, FakeAnthropic.Mode.BAD_REQUEST);
            }
            args.addAll(List.of("--repo", repo.toString()));
        }
        try (MockWebServer api = new MockWebServer()) {
            api.setDispatcher(anthropic);
            api.start();
            args.addAll(List.of("--api-url", api.url("/").toString()));
            StringWriter out = new StringWriter();
            int code = CodyBatchCli.execute(new CliContext(Map.of("ANTHROPIC_API_KEY", KEY), new PrintWriter(out),
                    new PrintWriter(out), false, false, new EngineFactory(), Clock.systemUTC()), args.toArray(String[]::new));
            System.out.println("batch exit " + code + ": " + out.toString().lines().filter(l -> l.startsWith("report-bench:"))
                    .findFirst().orElse("?"));
        }
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com"));
        command.addAll(List.of(args));
        if (new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir);
        }
    }
}
