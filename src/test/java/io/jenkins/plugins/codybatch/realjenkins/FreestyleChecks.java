package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A freestyle job configured through its real configure form in chromium: the "Run Cody Batch" step added, every
 * field set, help opened, validation seen, credential drop-downs; saved, reopened, and run through the CLI over HTTP.
 */
final class FreestyleChecks {

    static final String JOB = "freestyle";

    private FreestyleChecks() {}

    static void run(Smoke smoke) throws Exception {
        String beta = smoke.local.stream().filter(r -> r.endsWith("/beta")).findFirst().orElseThrow();
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("_.prompt", "Greet Cody in README.md");
        texts.put("_.repositories", beta + "\nacme/three");
        texts.put("_.labels", "cody-batch\nsmoke");
        texts.put("_.reviewers", "octocat");
        texts.put("_.branch", "cody/freestyle-smoke");
        texts.put("_.verifyCommand", "test -f NOTES.md");
        texts.put("_.verifyAttempts", "1");
        texts.put("_.verifyTimeout", "2m");
        Map<String, String> advanced = new LinkedHashMap<>();
        advanced.put("_.name", "freestyle-smoke");
        advanced.put("_.model", "claude-sonnet-4-6");
        advanced.put("_.maxTokens", "4096");
        advanced.put("_.maxIterations", "10");
        advanced.put("_.maxTokensBudget", "100000");
        advanced.put("_.maxCost", "1.50");
        advanced.put("_.parallelism", "2");
        smoke.tally.check("freestyle configure form: Run Cody Batch added, every field set, help and validation shown,"
                + " credential drop-downs; saved", () -> {
            if (smoke.admin.get("job/" + JOB + "/api/json").status() == 200) { // a rerun on the same instance
                smoke.admin.post("job/" + JOB + "/doDelete", null, "", true);
            }
            JenkinsHttp.Response created = smoke.admin.post("createItem?name=" + JOB, "application/xml",
                    "<project><builders/></project>", true);
            require(created.status() == 200, "createItem: HTTP " + created.status());
            Browser b = smoke.browser();
            b.open("job/" + JOB + "/configure");
            GlobalConfigChecks.Forms forms = new GlobalConfigChecks.Forms(b);
            WebElement add = b.waitUntil(Duration.ofSeconds(30), d -> d.findElement(By.cssSelector(
                    "button.hetero-list-add[suffix='builder']")));
            forms.click(add);
            WebElement item = b.waitUntil(Duration.ofSeconds(15), d -> d.findElements(By.cssSelector(
                    ".jenkins-dropdown__item")).stream().filter(e -> e.getText().strip().equals("Run Cody Batch"))
                    .findFirst().orElse(null));
            item.click();
            forms.waitFor("_.prompt");
            WebElement chunk = b.find("div[descriptorId='io.jenkins.plugins.codybatch.jenkins.CodyBatchBuilder']");
            String help = helpTexts(b, forms, chunk);
            texts.forEach(forms::text);
            new Select(forms.waitFor("_.type")).selectByValue("code-pattern-update");
            forms.choose("_.anthropicCredentialsId", "anthropic");
            forms.choose("_.githubCredentialsId", "github");
            for (String box : List.of("_.createPullRequests", "_.draft", "_.skipCi")) {
                b.script("arguments[0].click()", forms.waitFor(box));
            }
            forms.click(chunk.findElement(By.cssSelector("button.advanced-button")));
            String defaults = "resultWhenSomeFail=" + forms.value("_.resultWhenSomeFail") + " resultWhenAllFail="
                    + forms.value("_.resultWhenAllFail");
            require(defaults.equals("resultWhenSomeFail=UNSTABLE resultWhenAllFail=FAILURE"), "preselected: " + defaults);
            String errors = validation(b, forms);
            advanced.forEach(forms::text);
            forms.text("_.branch", texts.get("_.branch"));
            for (String fixed : List.of("_.parallelism", "_.maxCost", "_.branch")) {
                b.waitUntil(Duration.ofSeconds(15), d -> errorUnder(forms.waitFor(fixed)).isEmpty());
            }
            b.screenshot(smoke.images.resolve("jenkins-freestyle-configure.png"));
            List<String> console = b.consoleProblems();
            forms.save();
            String xml = smoke.admin.get("job/" + JOB + "/config.xml").body();
            for (String expected : List.of("<prompt>Greet Cody in README.md</prompt>", "<maxCost>1.5</maxCost>",
                    "<resultWhenAllFail>FAILURE</resultWhenAllFail>", "<createPullRequests>true</createPullRequests>",
                    "<anthropicCredentialsId>anthropic</anthropicCredentialsId>", "<verifyTimeout>2m</verifyTimeout>",
                    "<string>acme/three</string>", "<parallelism>2</parallelism>",
                    "<branch>cody/freestyle-smoke</branch>")) {
                require(xml.contains(expected), "config.xml lacks " + expected + ":\n" + xml);
            }
            require(console.isEmpty(), "console: " + console);
            return help + "; " + errors + "; " + defaults;
        });
        smoke.tally.check("freestyle configure form reopened: every value back, no console warning", () -> {
            Browser b = smoke.browser();
            b.open("job/" + JOB + "/configure");
            GlobalConfigChecks.Forms forms = new GlobalConfigChecks.Forms(b);
            forms.waitFor("_.prompt");
            Thread.sleep(2000); // the drop-downs fill themselves after the page loaded
            List<String> wrong = new ArrayList<>();
            texts.forEach((name, value) -> {
                if (!forms.value(name).strip().equals(value)) {
                    wrong.add(name + "=" + forms.value(name));
                }
            });
            forms.click(b.find("div[descriptorId='io.jenkins.plugins.codybatch.jenkins.CodyBatchBuilder']"
                    + " button.advanced-button"));
            advanced.forEach((name, value) -> {
                String shown = forms.value(name);
                if (!shown.equals(value) && !(name.equals("_.maxCost") && shown.equals("1.5"))) {
                    wrong.add(name + "=" + shown);
                }
            });
            require("anthropic".equals(forms.value("_.anthropicCredentialsId")), "credentials: "
                    + forms.value("_.anthropicCredentialsId"));
            require(wrong.isEmpty(), "not as saved: " + wrong);
            List<String> console = b.consoleProblems();
            require(console.isEmpty(), "console: " + console);
            return texts.size() + advanced.size() + 2 + " values as saved";
        });
        olderConfiguration(smoke);
        smoke.tally.check("freestyle build run through the CLI over HTTP completes", () -> {
            Path cli = cliJar(smoke);
            List<String> command = new ArrayList<>(List.of("java", "-jar", cli.toString(), "-s", smoke.url, "-http"));
            if (smoke.secured()) {
                command.addAll(List.of("-auth", Smoke.ADMIN + ":" + smoke.adminToken));
            }
            command.addAll(List.of("build", JOB, "-s", "-v"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            require(exit == 0 && out.contains("Finished: SUCCESS") && out.contains("[cody-batch] Done: 0 failed, 2 completed"),
                    "exit " + exit + ":\n" + PipelineChecks.tail(out));
            require(!out.contains(smoke.apiKey) && !out.contains(smoke.gitHubToken), "a secret in the log");
            return out.lines().filter(l -> l.contains("[cody-batch]") && (l.contains("COMPLETED") || l.contains("Done")))
                    .map(String::strip).reduce((x, y) -> x + " | " + y).orElse("");
        });
    }

    /**
     * A freestyle job as an older plugin saved it, before the result, type and verification options existed: it loads,
     * shows the defaults and runs.
     */
    static void olderConfiguration(Smoke smoke) {
        smoke.tally.check("a freestyle job saved before newer options existed loads with their defaults and runs", () -> {
            String job = "freestyle-older";
            String alpha = smoke.local.stream().filter(r -> r.endsWith("/alpha")).findFirst().orElseThrow();
            String xml = "<project><builders><io.jenkins.plugins.codybatch.jenkins.CodyBatchBuilder><options>"
                    + "<prompt>Greet Cody in README.md</prompt><repositories><string>" + alpha + "</string></repositories>"
                    + "<anthropicCredentialsId>anthropic</anthropicCredentialsId><parallelism>1</parallelism>"
                    + "</options></io.jenkins.plugins.codybatch.jenkins.CodyBatchBuilder></builders></project>";
            JenkinsHttp.Response created = smoke.admin.post("createItem?name=" + job, "application/xml", xml, true);
            require(created.status() == 200, "createItem: HTTP " + created.status() + " " + JenkinsHttp.abbreviate(created.body()));
            String shown = smoke.admin.groovy("def b = jenkins.model.Jenkins.get().getItemByFullName('" + job
                    + "').buildersList[0]\nprintln([b.resultWhenSomeFail, b.resultWhenAllFail, b.type, b.verifyAttempts,"
                    + " b.labels == '', b.allowedRepositories == ''].join(' '))");
            require(shown.equals("UNSTABLE FAILURE code-pattern-update 2 true true"), "read back: " + shown);
            int number = smoke.admin.startBuild(job);
            JsonNode run = smoke.admin.awaitBuild(job, number, Duration.ofMinutes(5));
            require("SUCCESS".equals(run.path("result").asText()), "result " + run.path("result") + "\n"
                    + PipelineChecks.tail(smoke.admin.console(job, number)));
            return "read back: " + shown + "; #" + number + " SUCCESS";
        });
    }

    /** Opens the help of every field of the step; each must show text. */
    private static String helpTexts(Browser b, GlobalConfigChecks.Forms forms, WebElement chunk) {
        forms.click(chunk.findElement(By.cssSelector("button.advanced-button")));
        List<WebElement> buttons = chunk.findElements(By.cssSelector("a.jenkins-help-button"));
        List<String> empty = new ArrayList<>();
        for (WebElement button : buttons) {
            forms.click(button);
            WebElement area = button.findElement(By.xpath("following::div[contains(@class,'help-area')][1]"));
            String text = b.waitUntil(Duration.ofSeconds(15), d -> {
                String t = area.getText().strip();
                return t.isEmpty() || t.startsWith("Loading") ? null : t;
            });
            if (text.length() < 20) {
                empty.add(button.getDomAttribute("aria-label"));
            }
            forms.click(button); // closes it again
        }
        forms.click(chunk.findElement(By.cssSelector("button.advanced-button")));
        require(buttons.size() >= 33 && empty.isEmpty(), buttons.size() + " help buttons; without text: " + empty);
        return buttons.size() + " help texts";
    }

    /** Bad values get an error under the field; the errors go once the values are fixed. */
    private static String validation(Browser b, GlobalConfigChecks.Forms forms) {
        List<String> seen = new ArrayList<>();
        for (String[] bad : new String[][] {{"_.parallelism", "-1"}, {"_.maxCost", "lots"}, {"_.branch", "bad..branch"}}) {
            forms.text(bad[0], bad[1]);
            b.script("arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", forms.waitFor(bad[0]));
            WebElement field = forms.waitFor(bad[0]);
            String error = b.waitUntil(Duration.ofSeconds(15), d -> {
                String t = errorUnder(field);
                return t.isEmpty() ? null : t;
            });
            seen.add(bad[0].substring(2) + ": " + error);
        }
        return "validation: " + String.join(" / ", seen);
    }

    /** The validation message shown under a field ("" when none). */
    private static String errorUnder(WebElement field) {
        return field.findElement(By.xpath("ancestor::div[contains(@class,'jenkins-form-item')][1]"
                + "//div[contains(@class,'validation-error-area')]")).getText().strip();
    }

    static Path cliJar(Smoke smoke) throws Exception {
        Path jar = smoke.work.resolve("jenkins-cli.jar");
        if (!Files.exists(jar)) {
            java.net.http.HttpResponse<Path> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(smoke.url + "jnlpJars/jenkins-cli.jar")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(jar));
            require(r.statusCode() == 200, "jenkins-cli.jar: HTTP " + r.statusCode());
        }
        return jar;
    }
}
