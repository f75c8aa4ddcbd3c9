package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import io.jenkins.plugins.codybatch.e2e.ViewerPage;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHubServer;
import io.jenkins.plugins.codybatch.engine.repo.GitHubPerson;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.ResultsSchema;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.util.RunList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A nightly Jenkins job over time, through the Jenkins runner and the real engine, against the fake Anthropic API and
 * a fake GitHub backed by real bare repositories, with people acting between the builds: the job's name is the
 * campaign (no name given), merged, closed and reviewed pull requests, a reviewer's commit, two codyBatch steps in one
 * build; then the job page's campaign view in chromium, drawn from what those builds recorded.
 */
class JenkinsCampaignTest {

    static final String PROMPT = "Greet Cody in the README";

    @TempDir
    Path dir;

    final MockWebServer anthropicServer = new MockWebServer();
    final FakeAnthropic anthropic = new FakeAnthropic(Fixtures.API_KEY);
    FakeGitHubServer gitHub;
    GitHubPerson rita;
    GitHubPerson ci;
    final Job<?, ?> job = Fixtures.job();
    final List<Run<?, ?>> builds = new ArrayList<>();
    CodyBatchGlobalConfiguration global;

    @BeforeEach
    void setUp() throws Exception {
        anthropicServer.setDispatcher(anthropic);
        anthropicServer.start();
        anthropic.defaultMode(FakeAnthropic.Mode.GREET_ONCE);
        gitHub = new FakeGitHubServer();
        gitHub.gitHub().validToken = Fixtures.GITHUB_TOKEN;
        rita = new GitHubPerson(gitHub.gitHub(), "rita");
        ci = new GitHubPerson(gitHub.gitHub(), "ci-bot");
        for (String name : List.of("a", "b", "c", "d")) {
            gitHub.addRepo("acme/" + name, bareRepository(name).toUri().toString());
        }
        global = Fixtures.global();
        global.setAnthropicCredentialsId("anthropic");
        global.setAnthropicApiBaseUrl(anthropicServer.url("/").toString());
        global.setGitHubApiUrl(gitHub.apiUrl());
        when(job.getUrl()).thenReturn("job/nightly/");
        @SuppressWarnings("unchecked")
        RunList<Run<?, ?>> runList = mock(RunList.class);
        when(runList.iterator()).thenAnswer(inv -> { // newest first, as Jenkins lists them
            List<Run<?, ?>> newestFirst = new ArrayList<>(builds);
            java.util.Collections.reverse(newestFirst);
            return newestFirst.iterator();
        });
        doReturn(runList).when(runList).limit(CodyBatchJobAction.BUILDS);
        doReturn(runList).when(job).getBuilds();
        doReturn(null).when(job).getLastBuild();
    }

    @AfterEach
    void tearDown() throws IOException {
        anthropicServer.close();
        gitHub.close();
    }

    Path bareRepository(String name) throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seeds").resolve(name));
        git(seed, "init", "-q");
        Files.writeString(seed.resolve("README.md"), "Hello from " + name + "\n");
        git(seed, "add", "-A");
        git(seed, "commit", "-q", "-m", "base");
        Path bare = dir.resolve("bare").resolve(name + ".git");
        Files.createDirectories(bare.getParent());
        git(dir, "clone", "-q", "--bare", seed.toString(), bare.toString());
        return bare;
    }

    static void git(Path cwd, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Seed", "-c", "user.email=seed@example.com",
                "-c", "init.defaultBranch=main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    BatchOptions step(String... repositories) {
        BatchOptions options = new BatchOptions(PROMPT);
        options.setRepositories(List.of(repositories));
        options.setCreatePullRequests(true);
        options.setGithubCredentialsId("github");
        return options;
    }

    /** The next nightly build of the job, running the given codyBatch steps one after the other. */
    Fixtures.Build night(BatchOptions... steps) throws Exception {
        int number = builds.size() + 1;
        Fixtures.Build build = new Fixtures.Build(dir.resolve("artifacts-" + number));
        doReturn(job).when(build.run).getParent();
        when(build.run.getNumber()).thenReturn(number);
        when(build.run.getResult()).thenReturn(Result.SUCCESS);
        for (BatchOptions options : steps) {
            build.run(Fixtures.runner(global, EngineWiring.processorFactory(), () -> null), options,
                    Files.createDirectories(dir.resolve("workspace")));
        }
        builds.add(build.run);
        doReturn(build.run).when(job).getLastBuild();
        return build;
    }

    static PullRequestRef pr(Fixtures.Build build, int page, String spec) {
        RepoResult result = build.batches().get(page).getSummary().repositories().stream()
                .filter(e -> e.spec().equals(spec)).map(RepositoryEntry::result).findFirst().orElseThrow();
        return result.pullRequest();
    }

    @Test
    void aNightlyJobKeepsOnePullRequestPerRepositoryAndItsCampaignPageShowsHowThemWent() throws Exception {
        Fixtures.Build first = night(step("acme/a", "acme/b", "acme/c"));
        assertThat(first.action().getName()).isEqualTo("nightly"); // the job's name: every build is the same campaign
        for (String spec : List.of("acme/a", "acme/b", "acme/c")) {
            assertThat(pr(first, 0, spec).action()).isEqualTo("created");
        }
        assertThat(gitHub.pullRequestCount()).isEqualTo(3);

        rita.merge("acme/a", pr(first, 0, "acme/a").number());
        rita.close("acme/c", pr(first, 0, "acme/c").number());
        rita.review("acme/b", pr(first, 0, "acme/b").number(), "CHANGES_REQUESTED");
        ci.commitStatus("acme/b", pr(first, 0, "acme/b").number(), "ci/build", "failure");

        Fixtures.Build second = night(step("acme/a", "acme/b", "acme/c"));
        assertThat(pr(second, 0, "acme/a").state()).isEqualTo("merged");
        assertThat(second.action().getSummary().repositories().get(0).status()).isEqualTo(RepoStatus.NO_CHANGES);
        assertThat(pr(second, 0, "acme/b").action()).isEqualTo("unchanged");
        assertThat(pr(second, 0, "acme/b").blockers()).containsExactly("failing checks", "changes requested");
        assertThat(pr(second, 0, "acme/c").action()).isEqualTo("left-closed");
        assertThat(gitHub.pullRequestCount()).as("no second pull request, none reopened").isEqualTo(3);

        rita.pushCommit("acme/b", "cody-batch/nightly", "REVIEW.md", "rita was here\n", "Address review");
        anthropic.mode("d", FakeAnthropic.Mode.EDIT);
        BatchOptions docs = step("acme/d");
        docs.setName("docs-sweep");
        Fixtures.Build third = night(step("acme/a", "acme/b", "acme/c"), docs);
        assertThat(pr(third, 0, "acme/b").action()).isEqualTo("kept");
        assertThat(pr(third, 0, "acme/b").reason()).startsWith("kept: the branch has commits by others");
        // two steps, two pages with their own batch, files and pull request branch
        assertThat(third.batches()).extracting(CodyBatchAction::getUrlName).containsExactly("cody-batch", "cody-batch-2");
        assertThat(third.batches().get(1).getSummary().repositories()).singleElement()
                .satisfies(e -> assertThat(e.spec()).isEqualTo("acme/d"));
        assertThat(pr(third, 1, "acme/d").url()).endsWith("/pull/" + gitHub.pullRequestCount());
        assertThat(gitHub.gitHub().branchHead("acme/d", "cody-batch/docs-sweep")).isNotNull();
        assertThat(third.archivedPaths()).anyMatch(p -> p.startsWith("cody-batch/repos/acme__b/"))
                .anyMatch(p -> p.startsWith("cody-batch-2/repos/acme__d/"));

        CodyBatchJobAction campaign = new CodyBatchJobAction(job);
        PageRequest trend = PageRequest.blank();
        campaign.doTrend(trend.req, trend.rsp);
        JsonNode points = Json.MAPPER.readTree(trend.body());
        assertThat(ResultsSchema.problems("trend.schema.json", points)).isEmpty();
        assertThat(points).hasSize(4);

        ViewerEndpointsHarness harness = ViewerEndpointsHarness.campaignPage(campaign);
        try (ViewerPage browser = ViewerPage.open(harness, "cody-batch-campaign")) {
            List<WebElement> sections = browser.all(".cb-campaign");
            assertThat(sections).extracting(s -> s.findElement(By.cssSelector(".cb-campaign-name")).getText())
                    .containsExactly("nightly", "docs-sweep");
            WebElement nightly = sections.get(0);
            // one point per build and state; the open line falls from 3 to 1 while merged and closed rise to 1
            assertThat(nightly.findElements(By.cssSelector("circle.cb-line-open title"))).extracting(
                    t -> t.getAttribute("textContent")).containsExactly("#1: 3 open", "#2: 1 open", "#3: 1 open");
            assertThat(nightly.findElements(By.cssSelector("circle.cb-line-merged title"))).extracting(
                    t -> t.getAttribute("textContent")).containsExactly("#1: 0 merged", "#2: 1 merged", "#3: 1 merged");
            assertThat(nightly.findElements(By.cssSelector("circle.cb-line-closed title"))).extracting(
                    t -> t.getAttribute("textContent")).containsExactly("#1: 0 closed without merging",
                    "#2: 1 closed without merging", "#3: 1 closed without merging");
            // rita's commit is the branch's head now: the failed status was on the old one; her review stands
            assertThat(nightly.findElement(By.cssSelector(".cb-stuck")).getText())
                    .contains("acme/b", "#" + pr(third, 0, "acme/b").number(), "changes requested")
                    .doesNotContain("failing checks");
            assertThat(nightly.findElements(By.cssSelector(".cb-builds tbody tr"))).hasSize(3);
            assertThat(sections.get(1).findElements(By.cssSelector("circle.cb-line-open"))).hasSize(1);
            assertThat(browser.consoleProblems()).isEmpty();
            assertThat(browser.requests()).allMatch(r -> r.startsWith("200 "));
            if (System.getProperty("screenshots") != null) { // the docs' picture: -Dscreenshots=docs/images
                Files.copy(ViewerPage.driver().getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
                        Path.of(System.getProperty("screenshots"), "campaign.png"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
