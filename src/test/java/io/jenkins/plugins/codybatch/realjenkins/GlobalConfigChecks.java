package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** Manage Jenkins > System > Cody Batch through its form in chromium, Test connection, and configuration as code. */
final class GlobalConfigChecks {

    private GlobalConfigChecks() {}

    static void run(Smoke smoke) throws Exception {
        smoke.tally.check("Manage Jenkins > System renders whole, with the Cody Batch section", () -> {
            JenkinsHttp.Response page = smoke.admin.get("manage/configure");
            require(page.status() == 200, "HTTP " + page.status());
            require(page.body().strip().endsWith("</html>"), "the page is cut off (" + page.body().length() + " chars)");
            require(page.body().contains("_.anthropicApiBaseUrl") && page.body().matches("(?s).*>\\s*Cody Batch\\s*<.*"),
                    "no Cody Batch section");
            return page.body().length() + " chars, ends with </html>";
        });
        smoke.tally.check("System form: fields set, credential drop-downs, Test connection against the fakes, saved", () -> {
            Browser b = smoke.browser();
            b.open("manage/configure");
            Forms forms = new Forms(b);
            forms.text("_.anthropicApiBaseUrl", smoke.anthropicUrl);
            forms.text("_.gitHubApiUrl", smoke.gitHubUrl);
            forms.text("_.defaultModel", "claude-sonnet-4-6");
            forms.choose("_.anthropicCredentialsId", "anthropic");
            forms.choose("_.githubCredentialsId", "github");
            WebElement button = b.driver().findElement(By.xpath("//button[normalize-space()='Test connection']"));
            forms.click(button);
            String verdict = b.waitUntil(Duration.ofSeconds(60), d -> {
                String text = button.findElement(By.xpath("ancestor::div[contains(@class,'validate-button')][1]"))
                        .getText();
                return text.contains("OK") || text.contains("FAILED") || text.contains("rror") ? text : null;
            });
            require(verdict.contains("OK") && !verdict.contains("FAILED"), "Test connection: " + verdict);
            require(!verdict.contains(smoke.apiKey) && !verdict.contains(smoke.gitHubToken), "a secret on the page");
            List<String> console = b.consoleProblems();
            forms.save();
            String stored = smoke.admin.groovy("def g = io.jenkins.plugins.codybatch.jenkins.CodyBatchGlobalConfiguration.get()\n"
                    + "println([g.anthropicApiBaseUrl, g.gitHubApiUrl, g.anthropicCredentialsId, g.githubCredentialsId,"
                    + " g.defaultModel].join(' '))");
            require(stored.equals(String.join(" ", smoke.anthropicUrl, smoke.gitHubUrl, "anthropic", "github",
                    "claude-sonnet-4-6")), "saved: " + stored);
            b.open("manage/configure");
            forms.waitFor("_.anthropicApiBaseUrl");
            require(forms.value("_.anthropicApiBaseUrl").equals(smoke.anthropicUrl), "reloaded form shows "
                    + forms.value("_.anthropicApiBaseUrl"));
            b.waitUntil(Duration.ofSeconds(20), d -> "anthropic".equals(forms.value("_.anthropicCredentialsId")));
            console = new java.util.ArrayList<>(console);
            console.addAll(b.consoleProblems());
            require(console.isEmpty(), "console: " + console);
            // the picture is of the Cody Batch section, not of the top of the page
            b.script("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -160)", // its title too
                    b.driver().findElement(By.name("_.anthropicApiBaseUrl")));
            b.screenshot(smoke.images.resolve("jenkins-global-configuration.png"));
            return "Test connection: " + JenkinsHttp.abbreviate(verdict);
        });
        smoke.tally.check("configuration as code: YAML applied, then exported with unclassified: codyBatch:", () -> {
            String yaml = String.join("\n", "unclassified:", "  codyBatch:",
                    "    anthropicApiBaseUrl: \"" + smoke.anthropicUrl + "\"",
                    "    anthropicCredentialsId: \"anthropic\"",
                    "    defaultModel: \"claude-sonnet-4-6\"",
                    "    gitHubApiUrl: \"" + smoke.gitHubUrl + "\"",
                    "    githubCredentialsId: \"github\"",
                    "    defaultParallelism: 3",
                    "    priceTable: \"claude-sonnet-4-6=3/15\"", "");
            JenkinsHttp.Response applied = smoke.admin.post("configuration-as-code/apply", "application/x-yaml", yaml, true);
            require(applied.status() == 200, "apply answered " + applied.status() + ": " + JenkinsHttp.abbreviate(applied.body()));
            String stored = smoke.admin.groovy("def g = io.jenkins.plugins.codybatch.jenkins.CodyBatchGlobalConfiguration.get()\n"
                    + "println([g.defaultParallelism, g.priceTable].join(' '))");
            require(stored.equals("3 claude-sonnet-4-6=3/15"), "after apply: " + stored);
            JenkinsHttp.Response exported = smoke.admin.post("configuration-as-code/export", null, "", true);
            require(exported.status() == 200, "export answered " + exported.status());
            String ours = section(exported.body(), "  codyBatch:");
            require(ours.contains("defaultParallelism: 3") && ours.contains("anthropicCredentialsId: \"anthropic\"")
                    && ours.contains("priceTable: \"claude-sonnet-4-6=3/15\""), "exported: " + ours);
            return "exported: " + ours.replaceAll("\\s+", " ").strip();
        });
    }

    /** The lines of a YAML block from its header to the next line indented as little or less. */
    static String section(String yaml, String header) {
        StringBuilder out = new StringBuilder();
        boolean in = false;
        int indent = header.length() - header.stripLeading().length();
        for (String line : yaml.lines().toList()) {
            if (line.equals(header)) {
                in = true;
            } else if (in && !line.isBlank() && line.length() - line.stripLeading().length() <= indent) {
                break;
            }
            if (in) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Selenium on Jenkins' form controls. */
    static final class Forms {
        private final Browser b;

        Forms(Browser b) {
            this.b = b;
        }

        WebElement waitFor(String name) {
            return b.waitUntil(Duration.ofSeconds(30), d -> d.findElements(By.name(name)).stream()
                    .filter(WebElement::isDisplayed).findFirst().orElse(null));
        }

        void text(String name, String value) {
            WebElement field = waitFor(name);
            click(field);
            field.clear();
            field.sendKeys(value);
        }

        String value(String name) {
            return waitFor(name).getDomProperty("value");
        }

        /** Picks a value of a drop-down once its options arrived (filled by an AJAX call). */
        void choose(String name, String value) {
            WebElement select = waitFor(name);
            b.waitUntil(Duration.ofSeconds(30), d -> select.findElements(By.cssSelector("option[value='" + value + "']"))
                    .size() > 0);
            new Select(select).selectByValue(value);
        }

        void click(WebElement element) {
            b.script("arguments[0].scrollIntoView({block: 'center'})", element);
            element.click();
        }

        /** The form's Save button; waits until the page has changed. */
        void save() {
            WebElement submit = b.find("button[name='Submit']");
            String before = b.driver().getCurrentUrl();
            click(submit);
            b.waitUntil(Duration.ofSeconds(30), d -> !d.getCurrentUrl().equals(before));
        }
    }
}
