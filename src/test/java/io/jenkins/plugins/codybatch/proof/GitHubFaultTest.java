package io.jenkins.plugins.codybatch.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHub;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.proof.Tally.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub faults during one real batch: each repository meets one, and fails or recovers on its own. */
class GitHubFaultTest {

    static final Tally TALLY = new Tally(GitHubFaultTest.class);
    static final String AREA = "GitHub";

    @TempDir
    Path tmp;

    @AfterAll
    static void writeTally() throws Exception {
        TALLY.write();
    }

    static void once(ProofHarness h, String requestLine, MockResponse... responses) {
        h.gitHub.injectedFor.computeIfAbsent(requestLine, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(responses));
    }

    static MockResponse secondaryLimit(String retryAfter) {
        return new MockResponse.Builder().code(403).addHeader("Content-Type", "application/json").addHeader("Retry-After", retryAfter)
                .body("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}").build();
    }

    static MockResponse exhausted(long resetEpoch) {
        return new MockResponse.Builder().code(403).addHeader("Content-Type", "application/json")
                .addHeader("X-RateLimit-Limit", "5000").addHeader("X-RateLimit-Remaining", "0")
                .addHeader("X-RateLimit-Reset", String.valueOf(resetEpoch)).addHeader("X-RateLimit-Resource", "core")
                .body("{\"message\":\"API rate limit exceeded for user ID 42.\",\"documentation_url\":"
                        + "\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}").build();
    }

    @Test
    void gitHubFaultsFailOrRecoverPerRepositoryAndThePatchIsKept() throws Exception {
        try (ProofHarness h = new ProofHarness(tmp)) {
            Map<String, String> faults = new LinkedHashMap<>();
            h.repository("clean");
            h.repository("g502once");
            once(h, "GET /repos/acme/g502once", FakeGitHub.json(502, "{\"message\":\"Server Error\"}"));
            faults.put("g502once", "one 502 on the repository lookup (repeated after 1 s)");
            h.repository("g503always");
            h.gitHub.failPaths.put("GET /repos/acme/g503always", "503 {\"message\":\"Service Unavailable\"}");
            faults.put("g503always", "503 on every repository lookup (3 attempts)");
            h.repository("gsecondary");
            once(h, "GET /repos/acme/gsecondary", secondaryLimit("30"));
            faults.put("gsecondary", "secondary rate limit (403 + Retry-After: 30) on lookup");
            h.repository("gprlimit");
            once(h, "POST /repos/acme/gprlimit/pulls", new MockResponse.Builder().code(429).addHeader("Retry-After", "45")
                    .addHeader("Content-Type", "application/json")
                    .body("{\"message\":\"You have exceeded a secondary rate limit for content creation.\"}").build());
            faults.put("gprlimit", "secondary rate limit (429 + Retry-After: 45) on pull request creation");
            h.repository("gexhausted");
            long reset = h.gitHubTime.instant().plusSeconds(1800).getEpochSecond();
            once(h, "GET /repos/acme/gexhausted", exhausted(reset), exhausted(reset), exhausted(reset));
            faults.put("gexhausted", "primary rate limit exhausted (X-RateLimit-Remaining: 0, reset in 30 min), 3 times");
            Path pushOrigin = h.repository("gpush");
            // Someone else's commit sits on our branch and the server denies non-fast-forward pushes.
            String other = ProofHarness.git(pushOrigin, "commit-tree", "main^{tree}", "-p", "main", "-m", "someone else");
            ProofHarness.git(pushOrigin, "update-ref", "refs/heads/cody-batch/github-faults", other);
            ProofHarness.git(pushOrigin, "config", "receive.denyNonFastForwards", "true");
            faults.put("gpush", "push rejected (non-fast-forward denied by the server)");
            h.repository("g422");
            h.gitHub.failPaths.put("POST /repos/acme/g422/pulls", "422 {\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                    + "\"PullRequest\",\"field\":\"base\",\"code\":\"invalid\",\"message\":\"base: branch does not exist\"}]}");
            faults.put("g422", "pull request creation 422 Validation Failed");

            List<String> specs = new java.util.ArrayList<>(List.of("acme/clean"));
            faults.keySet().forEach(r -> specs.add("acme/" + r));
            BatchSummary summary = h.run("github faults", 1, specs.toArray(String[]::new));

            int lost = h.assertComplete(specs.size());
            int leaks = h.scan().hits().size();
            h.scan().assertClean();
            assertThat(h.result(summary, "acme/clean").status()).isEqualTo(RepoStatus.COMPLETED);

            RepoResult g502 = h.result(summary, "acme/g502once");
            RepoResult g503 = h.result(summary, "acme/g503always");
            assertThat(g503.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(g503.error()).contains("acme/g503always", "server problem", "usually temporary")
                    .doesNotContain(ProofHarness.GITHUB_TOKEN);
            assertThat(g502.status()).as(g502.error()).isEqualTo(RepoStatus.COMPLETED);
            RepoResult secondary = h.result(summary, "acme/gsecondary");
            assertThat(secondary.status()).as(secondary.error()).isEqualTo(RepoStatus.COMPLETED);
            RepoResult prLimit = h.result(summary, "acme/gprlimit");
            assertThat(prLimit.status()).as(prLimit.error()).isEqualTo(RepoStatus.COMPLETED);
            assertThat(h.gitHubTime.sleeps).contains(Duration.ofSeconds(30), Duration.ofSeconds(45));
            RepoResult exhaustedResult = h.result(summary, "acme/gexhausted");
            assertThat(exhaustedResult.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(exhaustedResult.error()).contains("rate limit").contains("resets at");
            RepoResult push = h.result(summary, "acme/gpush");
            assertThat(push.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(push.error()).contains("push").contains("patch");
            assertThat(h.output.resolve("repos/acme__gpush/patch.diff")).content().contains("CHANGES.md");
            assertThat(ProofHarness.git(pushOrigin, "rev-parse", "cody-batch/github-faults")).isEqualTo(other);
            RepoResult g422 = h.result(summary, "acme/g422");
            assertThat(g422.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(g422.error()).contains("422").contains("base: branch does not exist");
            assertThat(h.output.resolve("repos/acme__g422/patch.diff")).content().contains("CHANGES.md");

            String test = "gitHubFaultsFailOrRecoverPerRepositoryAndThePatchIsKept";
            for (var fault : faults.entrySet()) {
                RepoResult result = h.result(summary, "acme/" + fault.getKey());
                boolean recovered = result.status() == RepoStatus.COMPLETED;
                boolean patchKept = Files.exists(h.output.resolve("repos/acme__" + fault.getKey() + "/patch.diff"));
                TALLY.add(AREA, fault.getValue(), recovered ? Outcome.RECOVERED : Outcome.FAILED_AS_EXPECTED,
                        (recovered ? "COMPLETED" : "FAILED: " + result.error()) + (patchKept ? " [patch.diff kept]" : ""),
                        lost, leaks, test);
            }
        }
    }
}
