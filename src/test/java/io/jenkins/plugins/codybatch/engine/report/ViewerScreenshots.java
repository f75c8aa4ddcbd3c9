package io.jenkins.plugins.codybatch.engine.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Writes the screenshots of docs/viewer.md from the realistic fixture:
 * {@code mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.jenkins.plugins.codybatch.engine.report.ViewerScreenshots}.
 */
public final class ViewerScreenshots {

    public static void main(String[] args) throws Exception {
        Path images = Path.of(args.length > 0 ? args[0] : "docs/images");
        Files.createDirectories(images);
        Path output = ReportFixtures.realistic(Files.createTempDirectory("cody-batch-screenshots"));
        Path html = new HtmlReport().write(output);
        ChromeDriver driver = HeadlessChromium.start(1280, 1200);
        try {
            driver.get(html.toUri().toString());
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(d -> d.findElement(By.id("cody-batch-viewer")).getAttribute("data-rendered") != null);
            open(driver, "acme/payments-service", "Diff");
            shoot(driver, images.resolve("viewer-diff.png"));

            driver.manage().window().setSize(new Dimension(1280, 1650));
            open(driver, "acme/payments-service", "Conversation");
            for (WebElement summary : driver.findElements(By.cssSelector(".cb-event-tool-call summary"))) {
                summary.click();
                break;
            }
            driver.findElement(By.cssSelector(".cb-tool-result.cb-is-error summary")).click();
            shoot(driver, images.resolve("viewer-conversation.png"));
        } finally {
            driver.quit();
        }
    }

    private static void open(ChromeDriver driver, String repository, String tab) {
        driver.findElements(By.cssSelector(".cb-repo-button")).stream().filter(b -> b.getText().equals(repository))
                .findFirst().orElseThrow().click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".cb-tab")).isEmpty());
        driver.findElements(By.cssSelector(".cb-tab")).stream().filter(b -> b.getText().equals(tab))
                .findFirst().orElseThrow().click();
        driver.executeScript("window.scrollTo(0, 0)");
    }

    private static void shoot(ChromeDriver driver, Path target) throws Exception {
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Wrote " + target);
    }
}
