package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The Snippet Generator in chromium: codyBatch picked, filled, generated; the snippet runs as it is. */
final class SnippetChecks {

    static final String JOB = "pipeline-snippet";

    private SnippetChecks() {}

    static void run(Smoke smoke) throws Exception {
        String[] snippet = new String[1];
        smoke.tally.check("Snippet Generator: codyBatch form filled in chromium generates a call without defaults", () -> {
            Browser b = smoke.browser();
            b.open("job/" + PipelineChecks.JOB + "/pipeline-syntax/");
            GlobalConfigChecks.Forms forms = new GlobalConfigChecks.Forms(b);
            WebElement steps = b.waitUntil(Duration.ofSeconds(30), d -> d.findElement(By.cssSelector("select.dropdownList")));
            // the page draws the first step's form lazily; picking another step before that is done makes core's
            // dropdownList warn "selection is no longer valid" (a person does not pick that fast)
            b.waitUntil(Duration.ofSeconds(30), d -> "complete".equals(b.script("return document.readyState")));
            Thread.sleep(2000);
            new Select(steps).selectByVisibleText("codyBatch: Run Cody Batch over many repositories");
            forms.text("_.prompt", "Greet Cody in README.md");
            String beta = smoke.local.stream().filter(r -> r.endsWith("/beta")).findFirst().orElseThrow();
            forms.text("_.repositories", beta + "\nacme/three");
            forms.choose("_.anthropicCredentialsId", "anthropic");
            forms.choose("_.githubCredentialsId", "github");
            WebElement createPrs = forms.waitFor("_.createPullRequests");
            b.script("arguments[0].click()", createPrs);
            b.script("arguments[0].scrollIntoView({block: 'center'})", b.find("#generatePipelineScript"));
            b.find("#generatePipelineScript").click();
            snippet[0] = b.waitUntil(Duration.ofSeconds(30), d -> {
                String text = d.findElement(By.id("prototypeText")).getDomProperty("value");
                return text != null && text.startsWith("codyBatch") ? text : null;
            });
            require(snippet[0].contains("prompt: 'Greet Cody in README.md'") && snippet[0].contains("'acme/three'")
                    && snippet[0].contains("createPullRequests: true") && snippet[0].contains("anthropicCredentialsId: 'anthropic'"),
                    "snippet: " + snippet[0]);
            for (String option : List.of("resultWhenAllFail", "resultWhenSomeFail", "type", "verifyAttempts",
                    "allowedRepositories")) {
                require(!snippet[0].contains(option + ":"), "a default in the snippet (" + option + "): " + snippet[0]);
            }
            List<WebElement> edited = b.all(".jenkins-edited-section-label").stream().filter(WebElement::isDisplayed).toList();
            require(edited.isEmpty(), "an untouched section is marked Edited");
            List<String> console = b.consoleProblems();
            require(console.isEmpty(), "console: " + console);
            b.screenshot(smoke.images.resolve("jenkins-snippet-generator.png"));
            return snippet[0];
        });
        smoke.tally.check("the generated snippet runs as produced", () -> {
            require(snippet[0] != null, "no snippet");
            smoke.admin.pipelineJob(JOB, "node {\n  def r = " + snippet[0] + "\n  echo \"snippet map: completed=${r.completed}"
                    + " failed=${r.failed}\"\n}", true);
            int number = smoke.admin.startBuild(JOB);
            JsonNode run = smoke.admin.awaitBuild(JOB, number, Duration.ofMinutes(5));
            String log = smoke.admin.console(JOB, number);
            require("SUCCESS".equals(run.path("result").asText()) && log.contains("snippet map: completed=2 failed=0"),
                    "result " + run.path("result") + "\n" + PipelineChecks.tail(log));
            return "#" + number + " SUCCESS, completed=2";
        });
    }
}
