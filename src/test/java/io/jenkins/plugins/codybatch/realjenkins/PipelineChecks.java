package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A sandboxed Pipeline job calling codyBatch over local repositories and owner/name repositories of the fake GitHub,
 * with createPullRequests: the build, the map it returns, the artifacts, the build page's viewer in chromium, and the
 * JSON APIs.
 */
final class PipelineChecks {

    static final String JOB = "pipeline-basic";

    private PipelineChecks() {}

    /** A Pipeline calling codyBatch inside node, echoing the returned map as a script reads it. */
    static String script(List<String> repositories, String extraOptions) {
        String list = repositories.stream().map(r -> "'" + r + "'").collect(Collectors.joining(", "));
        return String.join("\n",
                "node {",
                "  def r = codyBatch(prompt: 'Greet Cody in README.md', repositories: [" + list + "],"
                        + " anthropicCredentialsId: 'anthropic', githubCredentialsId: 'github'" + extraOptions + ")",
                "  echo \"map: result=${r.result} total=${r.total} completed=${r.completed} failed=${r.failed}"
                        + " tokens=${r.tokens} cost=${r.cost} pullRequests=${r.pullRequests.size()}\"",
                "  for (def repo : r.repositories) {",
                "    echo \"map repo: ${repo.repository} ${repo.status} pr=${repo.pullRequest} patch=${repo.patch}"
                        + " cost=${repo.cost}\"",
                "  }",
                "}");
    }

    static void run(Smoke smoke) throws Exception {
        List<String> repositories = new ArrayList<>(smoke.local.stream().filter(r -> !r.contains("slow")).toList());
        repositories.addAll(smoke.repos.subList(0, 2));
        int[] build = new int[1];
        smoke.tally.check("sandboxed Pipeline: codyBatch over " + repositories.size() + " local and owner/name repositories"
                + " with createPullRequests completes; the returned map is readable", () -> {
            smoke.admin.pipelineJob(JOB, script(repositories, ", createPullRequests: true"), true);
            build[0] = smoke.admin.startBuild(JOB);
            JsonNode run = smoke.admin.awaitBuild(JOB, build[0], Duration.ofMinutes(5));
            String log = smoke.admin.console(JOB, build[0]);
            require("SUCCESS".equals(run.path("result").asText()), "result " + run.path("result") + "\n" + tail(log));
            require(log.contains("map: result=SUCCESS total=4 completed=4 failed=0"), "the map as echoed:\n" + tail(log));
            require(log.contains("pullRequests=2"), "pull requests in the map:\n" + tail(log));
            require(!log.contains(smoke.apiKey) && !log.contains(smoke.gitHubToken), "a secret in the log");
            String costs = log.lines().filter(l -> l.startsWith("map")).collect(Collectors.joining(" | "));
            require(!costs.matches(".*cost=\\d+\\.\\d{7,}.*"), "float noise in a cost: " + costs);
            return "#" + build[0] + " " + costs;
        });
        smoke.tally.check("pull requests opened on the fake GitHub", () -> {
            StringBuilder seen = new StringBuilder();
            for (String repo : smoke.repos.subList(0, 2)) {
                JsonNode pulls = gitHub(smoke, "repos/" + repo + "/pulls?state=all");
                require(pulls.size() >= 1, "no pull request on " + repo);
                seen.append(repo).append(": ").append(pulls.get(0).path("title").asText()).append("; ");
            }
            return seen.toString();
        });
        smoke.tally.check("artifacts archived: each repository's files and summary.json, no secret in them", () -> {
            JsonNode run = smoke.admin.json("job/" + JOB + "/" + build[0] + "/api/json");
            List<String> paths = new ArrayList<>();
            run.path("artifacts").forEach(a -> paths.add(a.path("relativePath").asText()));
            require(paths.contains("cody-batch/summary.json"), "no summary.json in " + paths);
            for (String dir : List.of("alpha", "beta", "acme__one", "acme__two")) {
                for (String file : List.of("patch.diff", "transcript.jsonl", "result.json")) {
                    require(paths.contains("cody-batch/repos/" + dir + "/" + file), "missing " + dir + "/" + file + " in " + paths);
                }
            }
            for (String path : paths) {
                String body = smoke.admin.get("job/" + JOB + "/" + build[0] + "/artifact/" + path).body();
                require(!body.contains(smoke.apiKey) && !body.contains(smoke.gitHubToken), "a secret in " + path);
            }
            return paths.size() + " artifacts";
        });
        smoke.tally.check("build page: the viewer shows every repository, its diff and conversation; no console or CSP"
                + " error", () -> viewer(smoke, JOB, build[0], List.of("alpha", "beta", "acme/one", "acme/two"), true));
        smoke.tally.check("api/json: the build's (with the batch's counts), the batch page's, and the job trend", () ->
                apis(smoke.admin, JOB, build[0], 4));
        smoke.tally.check("the credentials the build used are tracked on them", () -> {
            String jobs = smoke.admin.groovy(String.join("\n",
                    "import com.cloudbees.plugins.credentials.*",
                    "def all = CredentialsProvider.lookupCredentialsInItemGroup(com.cloudbees.plugins.credentials.common"
                            + ".StandardCredentials, jenkins.model.Jenkins.get(), hudson.security.ACL.SYSTEM2, [])",
                    "println(['anthropic', 'github'].collect { id ->",
                    "  def fp = CredentialsProvider.getFingerprintOf(CredentialsMatchers.firstOrNull(all,"
                            + " CredentialsMatchers.withId(id)))",
                    "  id + ': ' + (fp == null ? 'none' : fp.jobs.join(','))",
                    "}.join('; '))"));
            require(jobs.contains("anthropic: " + JOB) && jobs.contains("github: " + JOB), "usage: " + jobs);
            return jobs;
        });
        mixed(smoke);
    }

    /** One repository of each outcome: the build and its step UNSTABLE, the page as a person reads it. */
    private static void mixed(Smoke smoke) {
        String job = "pipeline-mixed";
        String alpha = smoke.local.stream().filter(r -> r.endsWith("/alpha")).findFirst().orElseThrow();
        int[] build = new int[1];
        smoke.tally.check("one repository changed, one without changes, one failed: the build and its step are"
                + " UNSTABLE (WarningAction)", () -> {
            smoke.admin.pipelineJob(job, script(List.of(alpha, "acme/quiet", "acme/missing"), ""), true);
            build[0] = smoke.admin.startBuild(job);
            JsonNode run = smoke.admin.awaitBuild(job, build[0], Duration.ofMinutes(5));
            String log = smoke.admin.console(job, build[0]);
            require("UNSTABLE".equals(run.path("result").asText()) && log.contains("map: result=UNSTABLE total=3"
                    + " completed=1 failed=1"), "result " + run.path("result") + "\n" + tail(log));
            String warnings = smoke.admin.groovy(String.join("\n",
                    "def run = jenkins.model.Jenkins.get().getItemByFullName('" + job + "').getBuildByNumber(" + build[0] + ")",
                    "def found = []",
                    "for (def n : new org.jenkinsci.plugins.workflow.graph.FlowGraphWalker(run.execution)) {",
                    "  def w = n.getPersistentAction(org.jenkinsci.plugins.workflow.actions.WarningAction)",
                    "  if (w != null) { found << (n.displayFunctionName + ' ' + w.result + ': ' + w.message) }",
                    "}",
                    "println found.join('; ')"));
            require(warnings.equals("codyBatch UNSTABLE: 1 of 3 repositories failed"), "warnings: " + warnings);
            return warnings;
        });
        smoke.tally.check("its page: every outcome readable, no request for files a repository does not have (no"
                + " console 404), Retry offered", () -> {
            Browser b = smoke.browser();
            b.open("job/" + job + "/" + build[0] + "/cody-batch/");
            b.waitUntil(Duration.ofSeconds(30), d -> {
                String marker = d.findElement(By.id("cody-batch-viewer")).getDomAttribute("data-rendered");
                return marker != null && !marker.equals("error") ? marker : null;
            });
            List<String> seen = new ArrayList<>();
            for (String name : List.of("alpha", "acme/quiet", "acme/missing")) {
                WebElement row = b.all(".cb-row").stream()
                        .filter(r -> r.findElement(By.cssSelector(".cb-repo-button")).getText().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError("no row " + name));
                row.findElement(By.cssSelector(".cb-repo-button")).click();
                b.waitUntil(Duration.ofSeconds(15), d -> !b.all(".cb-tab").isEmpty()
                        && b.find(".cb-detail-title h2").getText().equals(name));
                List<String> tabs = b.all(".cb-tab").stream().map(WebElement::getText).toList();
                seen.add(name + " " + tabs);
                require(name.equals("alpha") == tabs.contains("Diff"), name + " tabs " + tabs);
                if (name.equals("acme/missing")) {
                    tab(b, "Result");
                    String result = b.waitUntil(Duration.ofSeconds(15), d -> {
                        String text = b.find(".cb-tab-panel").getText();
                        return text.contains("acme/missing") || text.contains("404") || text.contains("not") ? text : null;
                    });
                    seen.add(JenkinsHttp.abbreviate(result));
                }
            }
            require(!b.all("form[name='retryFailed']").isEmpty(), "no Retry failed repositories");
            b.screenshot(smoke.images.resolve("jenkins-build-page-outcomes.png"));
            List<String> console = b.consoleProblems();
            require(console.isEmpty(), "console: " + console);
            return String.join("; ", seen);
        });
    }

    /** Checks the build page's viewer in chromium; with {@code screenshots}, into docs/images. */
    static String viewer(Smoke smoke, String job, int number, List<String> names, boolean screenshots) throws Exception {
        Browser b = smoke.browser();
        b.open("job/" + job + "/" + number + "/cody-batch/");
        b.waitUntil(Duration.ofSeconds(30), d -> {
            String marker = d.findElement(By.id("cody-batch-viewer")).getDomAttribute("data-rendered");
            return marker != null && !marker.equals("error") ? marker : null;
        });
        List<String> rows = b.all(".cb-row").stream().filter(WebElement::isDisplayed)
                .map(r -> r.findElement(By.cssSelector(".cb-repo-button")).getText()).toList();
        require(rows.size() == names.size() && rows.containsAll(names), "rows " + rows + ", expected " + names);
        require(b.all("table").stream().filter(WebElement::isDisplayed).count() <= 1, "more than one table on the page");
        if (screenshots) {
            b.screenshot(smoke.images.resolve("jenkins-build-page.png"));
        }
        for (String name : names) {
            WebElement row = b.all(".cb-row").stream()
                    .filter(r -> r.findElement(By.cssSelector(".cb-repo-button")).getText().equals(name)).findFirst()
                    .orElseThrow();
            row.findElement(By.cssSelector(".cb-repo-button")).click();
            b.waitUntil(Duration.ofSeconds(15), d -> !b.all(".cb-tab").isEmpty()
                    && b.find(".cb-detail-title h2").getText().equals(name));
            tab(b, "Diff");
            String diff = b.waitUntil(Duration.ofSeconds(15), d -> {
                String text = b.find(".cb-tab-panel").getText();
                return text.contains("Hello, Cody") ? text : null;
            });
            require(diff.contains("NOTES.md"), name + ": diff without NOTES.md");
            if (screenshots && name.equals(names.get(names.size() - 1))) {
                b.screenshot(smoke.images.resolve("jenkins-build-diff.png"));
            }
            tab(b, "Conversation");
            b.waitUntil(Duration.ofSeconds(15), d -> b.find(".cb-tab-panel").getText().contains("README.md"));
            if (screenshots && name.equals(names.get(names.size() - 1))) {
                b.screenshot(smoke.images.resolve("jenkins-build-conversation.png"));
            }
        }
        List<String> console = b.consoleProblems();
        require(console.isEmpty(), "console: " + console);
        return rows.size() + " repositories, each with Diff and Conversation";
    }

    private static void tab(Browser b, String label) {
        b.all(".cb-tab").stream().filter(t -> t.getText().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no tab " + label)).click();
    }

    static String apis(JenkinsHttp http, String job, int number, int total) throws Exception {
        JsonNode run = http.json("job/" + job + "/" + number + "/api/json");
        JsonNode ours = null;
        for (JsonNode action : run.path("actions")) {
            if (action.path("_class").asText().endsWith("CodyBatchAction")) {
                ours = action;
            }
        }
        require(ours != null, "no CodyBatchAction among the build's actions");
        require(ours.path("total").asInt() == total, "the build's api/json has no counts: " + ours);
        JsonNode page = http.json("job/" + job + "/" + number + "/cody-batch/api/json");
        require(page.path("total").asInt() == total && !page.has("repositories"), "cody-batch/api/json: " + page);
        JsonNode trend = http.json("job/" + job + "/cody-batch-trend/trend");
        boolean found = false;
        for (JsonNode point : trend) {
            found |= point.path("build").asInt() == number;
        }
        require(found, "build " + number + " not in the trend: " + trend);
        return "build: " + ours + "; page: " + page;
    }

    /** GET on the fake GitHub with its token. */
    static JsonNode gitHub(Smoke smoke, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(smoke.gitHubUrl + path))
                .header("Authorization", "Bearer " + smoke.gitHubToken).build(), HttpResponse.BodyHandlers.ofString());
        require(r.statusCode() == 200, "fake GitHub " + path + ": " + r.statusCode());
        return Json.MAPPER.readTree(r.body());
    }

    static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }
}
