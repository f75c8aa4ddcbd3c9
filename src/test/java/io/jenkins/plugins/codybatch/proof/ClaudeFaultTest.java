package io.jenkins.plugins.codybatch.proof;

import static io.jenkins.plugins.codybatch.proof.FakeClaude.error;
import static io.jenkins.plugins.codybatch.proof.FakeClaude.reply;
import static io.jenkins.plugins.codybatch.proof.FakeClaude.replyBody;
import static io.jenkins.plugins.codybatch.proof.FakeClaude.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.proof.Tally.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages API faults during real batches: one repository per fault, all in one batch run four at a time, so a
 * fault of one repository must not touch the others.
 */
class ClaudeFaultTest {

    static final Tally TALLY = new Tally(ClaudeFaultTest.class);
    static final String AREA = "Messages API";

    @TempDir
    Path tmp;

    @AfterAll
    static void writeTally() throws Exception {
        TALLY.write();
    }

    static MockResponse rateLimited(String retryAfter) {
        MockResponse.Builder b = new MockResponse.Builder().code(429).addHeader("content-type", "application/json")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}");
        if (retryAfter != null) {
            b.addHeader("retry-after", retryAfter);
        }
        return b.build();
    }

    static MockResponse[] times(int n, java.util.function.Supplier<MockResponse> response) {
        MockResponse[] responses = new MockResponse[n];
        for (int i = 0; i < n; i++) {
            responses[i] = response.get();
        }
        return responses;
    }

    static MockResponse overloaded() {
        return error(529, "overloaded_error", "Overloaded");
    }

    @Test
    void recoverableFaultsRecoverAndUnrecoverableOnesFailOnlyTheirRepository() throws Exception {
        try (ProofHarness h = new ProofHarness(tmp)) {
            // fault name -> repository; expected recoverable?
            Map<String, Boolean> recoverable = new LinkedHashMap<>();
            Map<String, String> faultNames = new LinkedHashMap<>();
            java.util.function.BiConsumer<String, String> add = (repo, fault) -> faultNames.put(repo, fault);

            h.repository("clean");
            add.accept("clean", "none (control)");
            h.repository("burst429");
            h.claude.fault("acme/burst429", times(3, () -> rateLimited("2")));
            add.accept("burst429", "burst of 3 x 429 with retry-after: 2");
            h.repository("burst429bare");
            h.claude.fault("acme/burst429bare", times(3, () -> rateLimited(null)));
            add.accept("burst429bare", "burst of 3 x 429 without retry-after");
            h.repository("overload2");
            h.claude.fault("acme/overload2", times(2, ClaudeFaultTest::overloaded));
            add.accept("overload2", "2 x 529 overloaded");
            h.repository("storm529");
            h.claude.fault("acme/storm529", times(10, ClaudeFaultTest::overloaded));
            add.accept("storm529", "529 storm (10 in a row, budget is 5 attempts)");
            h.repository("e500");
            h.claude.fault("acme/e500", error(500, "api_error", "Internal server error"));
            add.accept("e500", "500 api_error");
            h.repository("e502");
            h.claude.fault("acme/e502", new MockResponse.Builder().code(502).addHeader("content-type", "text/html")
                    .body("<html><title>502 Bad Gateway</title></html>").build());
            add.accept("e502", "502 Bad Gateway (HTML body)");
            h.repository("e503");
            h.claude.fault("acme/e503", error(503, "api_error", "Service unavailable"));
            add.accept("e503", "503");
            h.repository("cutbody");
            h.claude.fault("acme/cutbody", new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                    .body(replyBody("end_turn", text("x".repeat(4000))))
                    .onResponseBody(new SocketEffect.CloseSocket(true, true, true)).build());
            add.accept("cutbody", "response cut mid-body (socket closed during the body)");
            h.repository("resetstart");
            h.claude.fault("acme/resetstart", new MockResponse.Builder()
                    .onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
            add.accept("resetstart", "connection reset before the response");
            h.repository("resetbody");
            h.claude.fault("acme/resetbody", new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                    .body(replyBody("end_turn", text("y".repeat(4000))))
                    .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
            add.accept("resetbody", "connection shut down during the body");
            h.repository("timeout");
            h.claude.fault("acme/timeout", new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
            add.accept("timeout", "read timeout (server stalls; read timeout 1 s)");
            h.repository("slow");
            h.claude.fault("acme/slow", new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                    .body(FakeClaude.replyBody("tool_use", FakeClaude.toolUse("toolu_1", "str_replace_based_edit_tool",
                            "command", "create", "path", "CHANGES.md", "file_text", "- slow\n")))
                    .throttleBody(256, 100, TimeUnit.MILLISECONDS).build());
            add.accept("slow", "slow response (body throttled to 256 B / 100 ms)");
            h.repository("badrequest");
            h.claude.fault("acme/badrequest", error(400, "invalid_request_error", "messages: text content blocks must be non-empty"));
            add.accept("badrequest", "400 invalid_request_error (not retryable)");
            for (String repo : faultNames.keySet()) {
                recoverable.put(repo, !repo.equals("storm529") && !repo.equals("badrequest"));
            }

            String[] specs = faultNames.keySet().stream().map(r -> "acme/" + r).toArray(String[]::new);
            BatchSummary summary = h.run("api faults", 4, specs);

            int lost = h.assertComplete(specs.length);
            int leaks = h.scan().hits().size();
            h.scan().assertClean();
            for (var entry : faultNames.entrySet()) {
                String repo = entry.getKey();
                RepoResult result = h.result(summary, "acme/" + repo);
                if (recoverable.get(repo)) {
                    assertThat(result.status()).as(repo + ": " + result.error()).isEqualTo(RepoStatus.COMPLETED);
                    assertThat(result.pullRequest()).as(repo).isNotNull();
                    assertThat(h.pullRequestsCreated(repo)).as(repo).isEqualTo(1);
                    if (!repo.equals("clean") && !repo.equals("slow")) {
                        assertThat(h.transcript(repo)).as(repo + " transcript records the retry").contains("\"event\":\"retry\"");
                    }
                    if (!repo.equals("clean")) TALLY.add(AREA, entry.getValue(), Outcome.RECOVERED, "COMPLETED, pull request opened", lost, leaks,
                            "recoverableFaultsRecoverAndUnrecoverableOnesFailOnlyTheirRepository");
                } else {
                    assertThat(result.status()).as(repo).isEqualTo(RepoStatus.FAILED);
                    assertThat(h.pullRequestsCreated(repo)).isZero();
                    TALLY.add(AREA, entry.getValue(), Outcome.FAILED_AS_EXPECTED, "FAILED: " + result.error(), lost, leaks,
                            "recoverableFaultsRecoverAndUnrecoverableOnesFailOnlyTheirRepository");
                }
            }
            RepoResult storm = h.result(summary, "acme/storm529");
            assertThat(storm.error()).contains("overloaded").contains("through 5 attempt");
            assertThat(h.claude.requests("acme/storm529")).isEqualTo(5);
            assertThat(h.result(summary, "acme/badrequest").error()).contains("text content blocks must be non-empty");
            assertThat(h.claude.requests("acme/badrequest")).isEqualTo(1);
            // retry-after was honoured: the waits asked for include the server's 2 s
            assertThat(h.claudeSleeps).contains(java.time.Duration.ofSeconds(2));
            assertThat(summary.count(RepoStatus.COMPLETED)).isEqualTo(specs.length - 2);
            assertThat(summary.count(RepoStatus.FAILED)).isEqualTo(2);
        }
    }

    @Test
    void aKeyRevokedMidBatchFailsTheRestFastWithTheFix() throws Exception {
        try (ProofHarness h = new ProofHarness(tmp)) {
            for (String name : new String[] {"k1", "k2", "k3", "k4"}) {
                h.repository(name);
            }
            // k2's second turn finds the key revoked; from then on every request is refused.
            h.claude.scripts.put("acme/k2", (turn, request) -> {
                if (turn == 1) {
                    h.claude.revoked = true;
                    return error(401, "authentication_error", "invalid x-api-key");
                }
                return FakeClaude.addChangelog(turn, request);
            });
            long start = System.nanoTime();
            BatchSummary summary = h.run("revoked", 1, "acme/k1", "acme/k2", "acme/k3", "acme/k4");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            int lost = h.assertComplete(4);
            h.scan().assertClean();
            assertThat(h.result(summary, "acme/k1").status()).isEqualTo(RepoStatus.COMPLETED);
            RepoResult k2 = h.result(summary, "acme/k2");
            assertThat(k2.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(k2.error()).contains("rejected the API key");
            assertThat(k2.batchError()).isEqualTo(RepoResult.API_KEY_REFUSED);
            // the batch stopped there, once: k3 and k4 were never cloned and sent nothing
            assertThat(summary.stopped()).contains("rejected the API key");
            for (String name : new String[] {"k3", "k4"}) {
                RepoResult result = h.result(summary, "acme/" + name);
                assertThat(result.status()).isEqualTo(RepoStatus.FAILED);
                assertThat(result.error()).startsWith("Not started: the batch stopped (").contains("rejected the API key")
                        .contains("--retry-failed");
                assertThat(h.claude.requests("acme/" + name)).isZero();
            }
            assertThat(h.progress).filteredOn(line -> line.startsWith("stopped:")).hasSize(1);
            assertThat(h.claudeSleeps).isEmpty();
            // the revoked key cost k2 no pull request; k2 keeps no half-made patch claim
            assertThat(h.pullRequestsCreated("k2")).isZero();
            TALLY.add(AREA, "401 mid-batch (key revoked after 1.5 repositories)", Outcome.FAILED_AS_EXPECTED,
                    "k1 COMPLETED; k2 FAILED on the 401 and the batch stopped: k3, k4 FAILED unstarted (0 requests,"
                            + " no retry waits): " + h.result(summary, "acme/k3").error(), lost, 0,
                    "aKeyRevokedMidBatchFailsTheRestFastWithTheFix");
            assertThat(millis).as("sanity: the revoked repositories did not wait").isLessThan(60_000);
        }
    }
}
