package io.jenkins.plugins.codybatch.engine.repo;

import static io.jenkins.plugins.codybatch.engine.repo.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.repo.github.Sleeper;
import io.jenkins.plugins.codybatch.engine.repo.github.TokenAuth;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolve, clone, publish against a fake GitHub (MockWebServer) whose clone_url points at local bare repositories. */
class GitHubPublishTest {

    static final String TOKEN = "ghp_fakeToken1234567890";

    @TempDir Path temp;
    final MockWebServer server = new MockWebServer();
    final FakeGitHub gitHub = new FakeGitHub();
    final FakeTime time = new FakeTime();
    Path origin;
    int workDirs;

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(gitHub);
        server.start();
        origin = bareRemote("widgets");
        gitHub.addRepo("acme/widgets", origin.toUri().toString(), true);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    Path bareRemote(String name) throws Exception {
        Path work = GitCli.repoWith(temp.resolve(name + "-seed"), Map.of(
                "README.md", "# Widgets\n".getBytes(StandardCharsets.UTF_8),
                "src/Main.java", "class Main {}\n".getBytes(StandardCharsets.UTF_8)));
        Path bare = temp.resolve(name + ".git");
        git(temp, "clone", "-q", "--bare", work.toString(), bare.toString());
        return bare;
    }

    GitRepositoryService service(String token, RepositorySettings settings, Allowlist allowlist) {
        GitHubClient client = new GitHubClient(server.url("/").toString(), new TokenAuth(token), new OkHttpClient(), time, time,
                Duration.ofMinutes(15));
        return new GitRepositoryService(client, allowlist, settings);
    }

    GitRepositoryService service() {
        return service(TOKEN, RepositorySettings.defaults(), Allowlist.allowAll());
    }

    static PullRequestRequest request(String summary) {
        return new PullRequestRequest("Update README", null, summary, "Tokens: 1,234 in / 567 out, cost $0.02",
                "https://ci.example.com/job/batch/7/", false, List.of(), List.of(), List.of(), false, null);
    }

    /** One run: clone, edit README, patch, publish. */
    PullRequestRef run(GitRepositoryService service, String spec, String readme, PullRequestRequest request) throws Exception {
        RepositoryRef ref = service.resolve(spec);
        Checkout checkout = service.checkout(ref, temp.resolve("work" + workDirs++));
        Files.writeString(checkout.directory().resolve("README.md"), readme);
        Patch patch = service.patch(checkout);
        assertThat(patch.filesChanged()).containsExactly("README.md");
        return service.publish(checkout, patch, request);
    }

    @Test
    void resolvesOwnerNameThroughTheApi() throws Exception {
        RepositoryRef ref = service().resolve("acme/widgets");

        assertThat(ref).isEqualTo(new RepositoryRef("acme/widgets", origin.toUri().toString(), "main", true, "acme/widgets"));
        FakeGitHub.Call call = gitHub.calls.get(0);
        assertThat(call.path()).isEqualTo("/repos/acme/widgets");
        assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void createsThePullRequestWithBranchCommitAndOptions() throws Exception {
        var service = service(TOKEN, RepositorySettings.defaults().withSkipCi(true).withAuthor("Batch Bot", "bot@example.com"),
                Allowlist.allowAll());
        var request = new PullRequestRequest("Update README", null, "Clarified the title.", "Tokens: 1,234 in / 567 out, cost $0.02",
                "https://ci.example.com/job/batch/7/", true, List.of("automated"), List.of("alice", "acme/reviewers"), List.of("bob"), false, null);
        gitHub.ownerTypes.put("alice", "User");
        gitHub.ownerTypes.put("bob", "User");
        gitHub.ownerTypes.put("acme", "Organization");
        gitHub.teams.add("acme/reviewers");

        PullRequestRef pr = run(service, "acme/widgets", "# Widgets v2\n", request);

        assertThat(pr).isEqualTo(new PullRequestRef("https://github.com/acme/widgets/pull/1", 1, "created", null, null,
                "open", true, "none", "none", true));
        String branchHead = git(origin, "rev-parse", "refs/heads/cody-batch/update-readme");
        assertThat(git(origin, "show", "-s", "--format=%an <%ae>%n%B", branchHead))
                .isEqualTo("Batch Bot <bot@example.com>\nUpdate README\n\nClarified the title.\n\n[skip ci]\n\nCody-Batch-Job: Update README");
        assertThat(git(origin, "rev-parse", branchHead + "^")).isEqualTo(git(origin, "rev-parse", "main"));
        assertThat(git(origin, "show", branchHead + ":README.md")).isEqualTo("# Widgets v2");
        var create = gitHub.calls("POST", "/repos/acme/widgets/pulls").get(0).body();
        assertThat(create.path("head").asText()).isEqualTo("cody-batch/update-readme");
        assertThat(create.path("base").asText()).isEqualTo("main");
        assertThat(create.path("draft").asBoolean()).isTrue();
        assertThat(create.path("title").asText()).isEqualTo("Update README");
        assertThat(create.path("body").asText()).contains("Clarified the title.", "`README.md`", "cost $0.02",
                "https://ci.example.com/job/batch/7/");
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/issues/1/labels").get(0).body().toString())
                .isEqualTo("{\"labels\":[\"automated\"]}");
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/issues/1/assignees").get(0).body().toString())
                .isEqualTo("{\"assignees\":[\"bob\"]}");
        // github-api requests users and teams in two calls
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/pulls/1/requested_reviewers")).extracting(c -> c.body().toString())
                .containsExactly("{\"reviewers\":[\"alice\"]}", "{\"team_reviewers\":[\"reviewers\"]}");
        assertThat(pr.warning()).isNull();
    }

    @Test
    void refusedReviewersKeepThePullRequestAndComeBackAsAWarning() throws Exception {
        gitHub.ownerTypes.put("mallory", "User");
        gitHub.ownerTypes.put("acme", "Organization");
        gitHub.failPaths.put("POST /repos/acme/widgets/pulls/1/requested_reviewers", "422 {\"message\":\"Reviews may only be"
                + " requested from collaborators. One or more of the users or teams you specified is not a collaborator of the"
                + " acme/widgets repository.\",\"documentation_url\":\"https://docs.github.com/rest/pulls/review-requests\",\"status\":\"422\"}");
        var request = new PullRequestRequest("Update README", null, "s", null, null, false, List.of("automated"),
                List.of("mallory", "acme/ghosts"), List.of(), false, null);

        PullRequestRef pr = run(service(), "acme/widgets", "# x\n", request);

        assertThat(pr.url()).isEqualTo("https://github.com/acme/widgets/pull/1");
        assertThat(pr.action()).isEqualTo("created");
        assertThat(pr.warning())
                .contains("GitHub did not accept the request (422 Reviews may only be requested from collaborators.")
                .contains("while requesting reviewers of the new pull request https://github.com/acme/widgets/pull/1.")
                .contains("Not found or no access (404) while requesting team reviewers of the new pull request")
                .doesNotContain(TOKEN);
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/issues/1/labels")).hasSize(1);
        assertThat(gitHub.pulls).hasSize(1);
    }

    @Test
    void threeRunsOfTheSameJobKeepOnePullRequest() throws Exception {
        var service = service();

        PullRequestRef first = run(service, "acme/widgets", "# one\n", request("first"));
        PullRequestRef second = run(service, "acme/widgets", "# two\n", request("second"));
        PullRequestRef third = run(service, "acme/widgets", "# three\n", request("third"));

        assertThat(List.of(first.action(), second.action(), third.action())).containsExactly("created", "updated", "updated");
        assertThat(List.of(first.number(), second.number(), third.number())).containsOnly(1);
        assertThat(gitHub.pulls).hasSize(1);
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/pulls")).hasSize(1);
        assertThat(gitHub.pulls.get(0).path("body").asText()).contains("third");
        assertThat(git(origin, "show", "cody-batch/update-readme:README.md")).isEqualTo("# three");
    }

    @Test
    void reRunWithTheSameChangeLeavesBranchAndPullRequestAlone() throws Exception {
        var service = service();
        run(service, "acme/widgets", "# same\n", request("first"));
        String headBefore = git(origin, "rev-parse", "cody-batch/update-readme");

        PullRequestRef again = run(service, "acme/widgets", "# same\n", request("second"));

        assertThat(again).isEqualTo(new PullRequestRef("https://github.com/acme/widgets/pull/1", 1, "unchanged", null,
                null, "open", false, "none", "none", true));
        assertThat(git(origin, "rev-parse", "cody-batch/update-readme")).isEqualTo(headBefore);
        assertThat(gitHub.calls("PATCH", "/repos/acme/widgets/pulls")).isEmpty();
    }

    @Test
    void repositoryWithoutPushPermissionResolvesWithCanPushFalse() throws Exception {
        gitHub.addRepo("other/readonly", origin.toUri().toString(), false);

        assertThat(service().resolve("other/readonly").canPush()).isFalse();
    }

    @Test
    void forkModeOpensThePullRequestFromTheFork() throws Exception {
        gitHub.addRepo("other/readonly", origin.toUri().toString(), false);
        Path forkRemote = bareRemote("fork");
        gitHub.addRepo("cody-bot/readonly", forkRemote.toUri().toString(), true).put("fork", true);
        var service = service(TOKEN, RepositorySettings.defaults().withForkMode(true, null), Allowlist.allowAll());

        PullRequestRef pr = run(service, "other/readonly", "# from fork\n", request("fork"));

        assertThat(pr.action()).isEqualTo("created");
        assertThat(git(forkRemote, "show", "cody-batch/update-readme:README.md")).isEqualTo("# from fork");
        assertThat(git(origin, "branch", "--list", "cody-batch/*")).isEmpty();
        assertThat(gitHub.calls("POST", "/repos/other/readonly/forks")).hasSize(1);
        assertThat(gitHub.calls("POST", "/repos/other/readonly/pulls").get(0).body().path("head").asText())
                .isEqualTo("cody-bot:cody-batch/update-readme");
    }

    @Test
    void forkModeWaitsForANewForkToBecomeReachable() throws Exception {
        gitHub.addRepo("other/readonly", origin.toUri().toString(), false);
        Path forkRemote = temp.resolve("late-fork.git");
        gitHub.addRepo("cody-bot/readonly", forkRemote.toUri().toString(), true).put("fork", true);
        List<Duration> sleeps = new java.util.ArrayList<>();
        Sleeper forkAppearsOnSecondWait = d -> {
            sleeps.add(d);
            if (sleeps.size() == 2) {
                try {
                    git(temp, "clone", "-q", "--bare", origin.toString(), forkRemote.toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        GitHubClient client = new GitHubClient(server.url("/").toString(), new TokenAuth(TOKEN), new OkHttpClient(), time,
                forkAppearsOnSecondWait, Duration.ofMinutes(15));
        var service = new GitRepositoryService(client, Allowlist.allowAll(), RepositorySettings.defaults().withForkMode(true, null));

        PullRequestRef pr = run(service, "other/readonly", "# late fork\n", request("fork"));

        assertThat(pr.action()).isEqualTo("created");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(git(forkRemote, "show", "cody-batch/update-readme:README.md")).isEqualTo("# late fork");
    }

    @Test
    void forkModeForksIntoTheOrganization() throws Exception {
        gitHub.addRepo("other/readonly", origin.toUri().toString(), false);
        gitHub.ownerTypes.put("acme-forks", "Organization");
        Path forkRemote = bareRemote("org-fork");
        gitHub.addRepo("acme-forks/readonly", forkRemote.toUri().toString(), true).put("fork", true);
        var service = service(TOKEN, RepositorySettings.defaults().withForkMode(true, "acme-forks"), Allowlist.allowAll());

        PullRequestRef pr = run(service, "other/readonly", "# org fork\n", request("fork"));

        assertThat(pr.action()).isEqualTo("created");
        var fork = gitHub.calls("POST", "/repos/other/readonly/forks").get(0).body();
        assertThat(fork.path("organization").asText()).isEqualTo("acme-forks");
        assertThat(fork.path("default_branch_only").asBoolean()).isTrue();
        assertThat(git(forkRemote, "show", "cody-batch/update-readme:README.md")).isEqualTo("# org fork");
        assertThat(gitHub.calls("POST", "/repos/other/readonly/pulls").get(0).body().path("head").asText())
                .isEqualTo("acme-forks:cody-batch/update-readme");
    }

    @Test
    void notFoundSaysWhatToCheck() {
        assertThatThrownBy(() -> service().resolve("acme/missing"))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("acme/missing was not found, or the token cannot see it")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void badCredentialsSayToUpdateThem() {
        assertThatThrownBy(() -> service("ghp_revokedToken999", RepositorySettings.defaults(), Allowlist.allowAll()).resolve("acme/widgets"))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("401 Bad credentials")
                .hasMessageContaining("update the credentials")
                .message().doesNotContain("ghp_revokedToken999");
    }

    @Test
    void exhaustedRateLimitWaitsForTheReset() throws Exception {
        long reset = time.instant().plusSeconds(30).getEpochSecond();
        gitHub.injected.add(new MockResponse.Builder().code(403).addHeader("X-RateLimit-Limit", "5000")
                .addHeader("X-RateLimit-Remaining", "0").addHeader("X-RateLimit-Reset", String.valueOf(reset))
                .body("{\"message\":\"API rate limit exceeded for user ID 42.\",\"documentation_url\":\"https://docs.github.com/rest\"}").build());

        RepositoryRef ref = service().resolve("acme/widgets");

        assertThat(ref.name()).isEqualTo("acme/widgets");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(31));
        assertThat(gitHub.calls).hasSize(2);
    }

    @Test
    void rateLimitResettingTooLateFailsWithTheResetTime() {
        long reset = time.instant().plusSeconds(3600).getEpochSecond();
        gitHub.injected.add(new MockResponse.Builder().code(403).addHeader("X-RateLimit-Remaining", "0")
                .addHeader("X-RateLimit-Reset", String.valueOf(reset))
                .body("{\"message\":\"API rate limit exceeded for user ID 42.\"}").build());

        assertThatThrownBy(() -> service().resolve("acme/widgets"))
                .hasMessageContaining("rate limit reached (API rate limit exceeded for user ID 42.)")
                .hasMessageContaining("resets at 2026-11-29T11:00:00Z");
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void secondaryRateLimitHonoursRetryAfter() throws Exception {
        gitHub.injected.add(new MockResponse.Builder().code(403).addHeader("Retry-After", "7")
                .body("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}").build());
        gitHub.injected.add(new MockResponse.Builder().code(403)
                .body("{\"message\":\"You have exceeded a secondary rate limit and have been temporarily blocked from content creation.\"}").build());

        service().resolve("acme/widgets");

        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(60));
        assertThat(gitHub.calls).hasSize(3);
    }

    @Test
    void tooManyRequestsWithoutRetryAfterWaitsAMinute() throws Exception {
        gitHub.injected.add(new MockResponse.Builder().code(429)
                .body("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}").build());

        service().resolve("acme/widgets");

        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void aRequestRefusedThreeTimesFailsWithoutAFourthWait() {
        for (int i = 0; i < 3; i++) {
            gitHub.injected.add(new MockResponse.Builder().code(403).addHeader("Retry-After", "5")
                    .body("{\"message\":\"You have exceeded a secondary rate limit.\"}").build());
        }

        assertThatThrownBy(() -> service().resolve("acme/widgets"))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("GitHub API rate limit reached (You have exceeded a secondary rate limit.)")
                .hasMessageContaining("lower its parallelism")
                .message().doesNotContain(TOKEN);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(gitHub.calls).hasSize(3);
    }

    @Test
    void interruptedRateLimitWaitFailsFastAndKeepsTheInterrupt() {
        gitHub.injected.add(new MockResponse.Builder().code(403).addHeader("Retry-After", "5")
                .body("{\"message\":\"You have exceeded a secondary rate limit.\"}").build());
        Sleeper interrupted = d -> {
            throw new InterruptedException("stop");
        };
        GitHubClient client = new GitHubClient(server.url("/").toString(), new TokenAuth(TOKEN), new OkHttpClient(), time,
                interrupted, Duration.ofMinutes(15));
        try {
            assertThatThrownBy(() -> new GitRepositoryService(client, Allowlist.allowAll(), RepositorySettings.defaults())
                    .resolve("acme/widgets"))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessage("Interrupted while waiting for the GitHub rate limit; the repository was not finished.");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(gitHub.calls).hasSize(1);
    }

    @Test
    void pullRequestCreationsAreSpacedByTheMinimumInterval() throws Exception {
        Path second = bareRemote("gadgets");
        gitHub.addRepo("acme/gadgets", second.toUri().toString(), true);
        var service = service(TOKEN, RepositorySettings.defaults().withMinPullRequestInterval(Duration.ofSeconds(2)), Allowlist.allowAll());

        run(service, "acme/widgets", "# a\n", request("a"));
        run(service, "acme/gadgets", "# b\n", request("b"));

        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void everyWriteIsSpacedAndServicesOfTheSameGitHubShareOneThrottle() throws Exception {
        Path second = bareRemote("gadgets");
        gitHub.addRepo("acme/gadgets", second.toUri().toString(), true);
        gitHub.ownerTypes.put("alice", "User");
        var request = new PullRequestRequest("Update README", null, "s", null, null, false, List.of("automated"),
                List.of("alice"), List.of(), false, null);

        // the Jenkins layer builds one service per repository: the spacing must hold across them
        run(service(), "acme/widgets", "# a\n", request);
        run(service(), "acme/gadgets", "# b\n", request);

        // per pull request: create, labels, reviewers; each write waits its turn (1 s by default)
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(gitHub.pulls).hasSize(2);
    }

    @Test
    void rejectedPushSaysTheBranchMayBeProtected() throws Exception {
        git(origin, "config", "receive.denyNonFastForwards", "true");
        var service = service();
        run(service, "acme/widgets", "# first\n", request("first"));

        assertThatThrownBy(() -> run(service, "acme/widgets", "# second\n", request("second")))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("The push of branch cody-batch/update-readme to acme/widgets was refused")
                .hasMessageContaining("The patch is in the results")
                .message().doesNotContain(TOKEN);
        assertThat(git(origin, "show", "cody-batch/update-readme:README.md")).isEqualTo("# first");
    }

    @Test
    void aMomentaryServerErrorOnAReadIsRepeatedAndAPersistentOneSaysItIsTemporary() throws Exception {
        gitHub.injected.add(FakeGitHub.json(502, "{\"message\":\"Server Error\"}"));
        assertThat(service().resolve("acme/widgets").name()).isEqualTo("acme/widgets");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));

        gitHub.failPaths.put("GET /repos/acme/widgets", "503 {\"message\":\"Service Unavailable\"}");
        assertThatThrownBy(() -> service().resolve("acme/widgets"))
                .hasMessageContaining("GitHub had a server problem (HTTP 503 Service Unavailable) while looking up acme/widgets")
                .hasMessageContaining("usually temporary");
        assertThat(gitHub.calls("GET", "/repos/acme/widgets")).hasSize(2 + 3);
    }

    @Test
    void aServerErrorOnPullRequestCreationIsNotRepeated() throws Exception {
        gitHub.failPaths.put("POST /repos/acme/widgets/pulls", "502 {\"message\":\"Server Error\"}");
        assertThatThrownBy(() -> run(service(), "acme/widgets", "# x\n", request("x")))
                .hasMessageContaining("server problem");
        assertThat(gitHub.calls("POST", "/repos/acme/widgets/pulls")).hasSize(1);
    }

    @Test
    void validationErrorCarriesGitHubsMessage() throws Exception {
        gitHub.failPaths.put("POST /repos/acme/widgets/pulls", "422 {\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                + "\"PullRequest\",\"field\":\"base\",\"code\":\"invalid\",\"message\":\"base: branch does not exist\"}]}");

        assertThatThrownBy(() -> run(service(), "acme/widgets", "# x\n", request("x")))
                .hasMessageContaining("422 Validation Failed: base: branch does not exist")
                .hasMessageContaining("opening the pull request from cody-batch/update-readme into main of acme/widgets");
    }

    @Test
    void allowlistRefusesBeforeAnyCallOrClone() throws Exception {
        var service = service(TOKEN, RepositorySettings.defaults(), Allowlist.parse("acme/*, tools/lib-?"));

        assertThatThrownBy(() -> service.resolve("evil/widgets"))
                .isInstanceOf(RepositoryNotAllowedException.class)
                .hasMessage("evil/widgets is not in the allowed repositories (acme/*, tools/lib-?); it was skipped."
                        + " Add a pattern that matches it to work on it.");
        assertThatThrownBy(() -> service.resolve(origin.toString())).isInstanceOf(RepositoryNotAllowedException.class);
        assertThat(gitHub.calls).isEmpty();
        assertThat(service.resolve("acme/widgets").name()).isEqualTo("acme/widgets");
        assertThat(Allowlist.parse("ACME/*").allows("acme/Widgets")).isTrue();
        assertThat(Allowlist.parse("acme/*").allows("acme/sub/x")).isFalse();
        assertThat(Allowlist.parse(" ").allows("anything/at-all")).isTrue();
    }

    @Test
    void tokenNeverLandsInGitConfigOrMessages() throws Exception {
        var service = service();
        run(service, "acme/widgets", "# x\n", request("x"));
        for (int i = 0; i < workDirs; i++) {
            assertThat(Files.readString(temp.resolve("work" + i).resolve(".git/config"))).doesNotContain(TOKEN).doesNotContain("x-access-token");
        }
        assertThat(Files.readString(origin.resolve("config"))).doesNotContain(TOKEN);
    }

    @Test
    void httpsCloneSendsTheTokenOnlyThroughTheCredentialsProvider() throws Exception {
        // The fake answers the git smart-HTTP request with 401, so JGit asks the credentials provider and retries.
        String cloneUrl = server.url("/acme/private.git").toString();
        gitHub.addRepo("acme/private", cloneUrl, true);
        var service = service();
        RepositoryRef ref = service.resolve("acme/private");

        assertThatThrownBy(() -> service.checkout(ref, temp.resolve("private")))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("Could not clone acme/private")
                .message().doesNotContain(TOKEN);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(gitHub.calls).anyMatch(c -> c.path().startsWith("/acme/private.git/info/refs") && basic.equals(c.authorization()));
        assertThat(gitHub.calls).noneMatch(c -> c.path().contains(TOKEN) || (c.query() != null && c.query().contains(TOKEN)));
        Path config = temp.resolve("private/.git/config");
        if (Files.exists(config)) {
            assertThat(Files.readString(config)).doesNotContain(TOKEN);
        }
    }

    @Test
    void mirrorCacheIsUsedAndPushesStillGoToTheRealRemote() throws Exception {
        Path cache = temp.resolve("mirrors");
        var service = service(TOKEN, RepositorySettings.defaults().withMirrorCache(cache), Allowlist.allowAll());
        run(service, "acme/widgets", "# one\n", request("one"));
        git(temp.resolve("widgets-seed"), "commit", "-q", "--allow-empty", "-m", "upstream moved");
        git(temp.resolve("widgets-seed"), "push", "-q", origin.toString(), "HEAD:main");

        RepositoryRef ref = service.resolve("acme/widgets");
        Checkout checkout = service.checkout(ref, temp.resolve("mirrored"));

        assertThat(Files.isDirectory(cache.resolve("acme__widgets.git"))).isTrue();
        assertThat(checkout.baseCommit()).isEqualTo(git(origin, "rev-parse", "main"));
        assertThat(git(checkout.directory(), "config", "remote.origin.url")).isEqualTo(origin.toUri().toString());
    }
}
