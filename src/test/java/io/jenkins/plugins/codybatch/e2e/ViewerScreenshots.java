package io.jenkins.plugins.codybatch.e2e;

import io.jenkins.plugins.codybatch.e2e.ViewerPage.Where;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;

/**
 * The screenshots in docs/images, of real output (RealResults: the engine through the CLI against the fake APIs).
 * Not part of the normal run: {@code mvn test -Dtest=ViewerScreenshots -Dscreenshots=docs/images}.
 */
class ViewerScreenshots {

    @Test
    void takeScreenshots() throws Exception {
        String target = System.getProperty("screenshots");
        Assumptions.assumeTrue(target != null, "set -Dscreenshots=DIR to write the docs' screenshots");
        Path dir = Files.createDirectories(Path.of(target));
        RealResults real = RealResults.get();
        try (ViewerPage page = ViewerPage.open(Where.REPORT_HTML, real.code, "")) {
            save(dir, "viewer-table.png");
            page.openRepository("acme/widgets");
            page.script("document.querySelector('.cb-detail').scrollIntoView()");
            save(dir, "viewer-diff.png");
            page.openRepository("tripped");
            page.tab("Conversation");
            page.script("document.querySelector('.cb-detail').scrollIntoView()");
            save(dir, "viewer-conversation.png");
        }
        try (ViewerPage page = ViewerPage.open(Where.BUILD_PAGE, real.analysis, "")) {
            page.openRepository("alpha");
            save(dir, "viewer-report.png");
        }
    }

    private static void save(Path dir, String name) throws Exception {
        Path shot = ViewerPage.driver().getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
