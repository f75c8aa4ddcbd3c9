package io.jenkins.plugins.codybatch.e2e;

import io.jenkins.plugins.codybatch.engine.report.HeadlessChromium;
import io.jenkins.plugins.codybatch.jenkins.ViewerEndpointsHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The results viewer as a person meets it, in Debian's headless chromium: report.html opened from disk, or the Jenkins
 * build page fed by the action's endpoints. What it offers is what a person does: read a statistic, see the rows, open
 * a repository, pick a tab.
 */
public final class ViewerPage implements AutoCloseable {

    enum Where { REPORT_HTML, BUILD_PAGE }

    private static ChromeDriver driver;

    private final ViewerEndpointsHarness harness;

    private ViewerPage(ViewerEndpointsHarness harness) {
        this.harness = harness;
    }

    public static synchronized ChromeDriver driver() throws IOException {
        if (driver == null) {
            driver = HeadlessChromium.start(1400, 1000);
            Runtime.getRuntime().addShutdownHook(new Thread(driver::quit));
        }
        return driver;
    }

    /** Opens the results of {@code outputDir} where a person would see them, and waits until the table is drawn. */
    static ViewerPage open(Where where, Path outputDir, String extraHead) throws IOException {
        if (where == Where.REPORT_HTML) {
            return open(outputDir.resolve("report.html").toUri().toString(), null, "cody-batch-viewer");
        }
        ViewerEndpointsHarness harness = new ViewerEndpointsHarness(outputDir, extraHead);
        return open(harness.url(), harness, "cody-batch-viewer");
    }

    /** Opens a page a harness serves (it is closed with the page) and waits until the viewer drew {@code rootId}. */
    public static ViewerPage open(ViewerEndpointsHarness harness, String rootId) throws IOException {
        return open(harness.url(), harness, rootId);
    }

    private static ViewerPage open(String url, ViewerEndpointsHarness harness, String rootId) throws IOException {
        ChromeDriver d = driver();
        d.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        d.get(url);
        ViewerPage page = new ViewerPage(harness);
        page.waitUntil(() -> {
            String marker = d.findElement(By.id(rootId)).getAttribute("data-rendered");
            return marker != null && !marker.equals("error");
        });
        return page;
    }

    /** The HTTP requests the build page made ("200 /jenkins/...") ; empty for report.html. */
    public List<String> requests() {
        return harness == null ? List.of() : List.copyOf(harness.requests);
    }

    public String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String stat(String label) {
        return all(".cb-stat").stream()
                .filter(s -> s.findElement(By.cssSelector(".cb-stat-label")).getText().equalsIgnoreCase(label))
                .map(s -> s.findElement(By.cssSelector(".cb-stat-value")).getText())
                .findFirst().orElseThrow(() -> new AssertionError("no statistic " + label + " on the page"));
    }

    boolean hasStat(String label) {
        return all(".cb-stat-label").stream().anyMatch(l -> l.getText().equalsIgnoreCase(label));
    }

    List<String> rows() {
        return all(".cb-row").stream().filter(WebElement::isDisplayed)
                .map(r -> r.findElement(By.cssSelector(".cb-repo-button")).getText()).toList();
    }

    WebElement row(String name) {
        return all(".cb-row").stream().filter(r -> r.findElement(By.cssSelector(".cb-repo-button")).getText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + name));
    }

    /** Clicks a repository and waits for its details. */
    void openRepository(String name) {
        row(name).findElement(By.cssSelector(".cb-repo-button")).click();
        waitUntil(() -> !all(".cb-tab").isEmpty() && text(".cb-detail-title h2").equals(name));
    }

    List<String> tabs() {
        return all(".cb-tab").stream().map(WebElement::getText).toList();
    }

    String selectedTab() {
        return all(".cb-tab").stream().filter(t -> "true".equals(t.getAttribute("aria-selected"))).map(WebElement::getText)
                .findFirst().orElse("");
    }

    void tab(String label) {
        all(".cb-tab").stream().filter(b -> b.getText().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no tab " + label + " among " + tabs())).click();
    }

    String panel() {
        return text(".cb-tab-panel");
    }

    public Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** Console errors and warnings (CSP violations and failed requests among them). */
    public List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage).toList();
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> condition.getAsBoolean());
    }

    @Override
    public void close() {
        if (harness != null) {
            harness.close();
        }
    }
}
