package io.jenkins.plugins.codybatch.engine.batch;

import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.reply;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.text;
import static io.jenkins.plugins.codybatch.engine.agent.FakeMessages.toolUse;
import static io.jenkins.plugins.codybatch.engine.batch.LocalBatch.byRepository;
import static io.jenkins.plugins.codybatch.engine.batch.LocalBatch.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.AgentSettings;
import io.jenkins.plugins.codybatch.engine.agent.AgentTask;
import io.jenkins.plugins.codybatch.engine.agent.ClaudeAgent;
import io.jenkins.plugins.codybatch.engine.agent.Transcript;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeClient;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeSettings;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors that concern the whole batch, and what a cut-off conversation spent: the real ClaudeAgent and ClaudeClient
 * against a MockWebServer answering like the Messages API, per repository as the test says.
 */
class BatchStopTest {

    private static final String KEY = "sk-ant-api03-STOPTEST-0123456789abcdef";
    private static final Pattern REPOSITORY = Pattern.compile("git repository (\\S+?)\\. Its checkout");

    @TempDir
    Path tmp;

    private LocalBatch batch;
    private final MockWebServer api = new MockWebServer();
    /** How the fake API answers each repository: refused, offline, stalls (after one reply), or done (default). */
    private final Map<String, String> behaviour = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> stops = new CopyOnWriteArrayList<>();
    private final ProgressListener listener = new ProgressListener() {
        @Override
        public void batchStopped(String reason) {
            stops.add(reason);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        batch = new LocalBatch(tmp);
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Matcher m = REPOSITORY.matcher(request.getBody().utf8());
                String repository = m.find() ? m.group(1) : "?";
                int n = requests.computeIfAbsent(repository, r -> new AtomicInteger()).incrementAndGet();
                return switch (behaviour.getOrDefault(repository, "done")) {
                    case "refused" -> new MockResponse.Builder().code(401).addHeader("content-type", "application/json")
                            .addHeader("request-id", "req_401").body("{\"type\":\"error\",\"error\":{\"type\":"
                                    + "\"authentication_error\",\"message\":\"invalid x-api-key\"}}").build();
                    case "offline" -> new MockResponse.Builder()
                            .onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build();
                    case "stalls" -> n == 1 ? reply("tool_use", 1000, 50, toolUse("toolu_1", "command", "view", "path",
                            "README.md")) : new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
                    default -> reply("end_turn", 100, 10, text("Nothing to change."));
                };
            }
        });
        api.start();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private ClaudeAgent agent() {
        ClaudeSettings settings = ClaudeSettings.defaults().withBaseUrl(api.url("/").toString())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60))
                .withRetries(3, Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(40));
        ClaudeClient client = new ClaudeClient(settings, KEY, ClaudeClient.defaultHttpClient(settings), delay -> {});
        return new ClaudeAgent(client, PriceTable.defaults(), AgentSettings.defaults().withHost(Host.CLI),
                client.redactor());
    }

    private BatchRunner runner(LocalBatch on, Duration timeout) {
        return on.runner(agent(), timeout, listener);
    }

    private int requestsFor(String repository) {
        AtomicInteger n = requests.get(repository);
        return n == null ? 0 : n.get();
    }

    @Test
    void aRefusedApiKeyStopsTheBatchAtOnceAndARetryPicksUpTheRest() throws Exception {
        List<String> specs = batch.repositories(4);
        specs.forEach(spec -> behaviour.put(Path.of(spec).getFileName().toString(), "refused"));

        BatchSummary summary = runner(batch, Duration.ofMinutes(5)).run(job(specs, 1));

        assertThat(api.getRequestCount()).as("one refusal is enough").isEqualTo(1);
        assertThat(stops).hasSize(1);
        String reason = stops.get(0);
        assertThat(reason).contains("401").doesNotContain(KEY);
        assertThat(summary.stopped()).isEqualTo(reason);
        assertThat(summary.status()).isEqualTo(BatchStatus.FAILED);
        Map<String, RepoResult> results = byRepository(summary);
        assertThat(results.get("repo-1").error()).isEqualTo(reason);
        assertThat(results.values()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(r.batchError()).isEqualTo(RepoResult.API_KEY_REFUSED);
        });
        for (String notStarted : List.of("repo-2", "repo-3", "repo-4")) {
            assertThat(results.get(notStarted).error()).isEqualTo("Not started: the batch stopped (" + reason
                    + "). Fix that, then run again with --retry-failed to work on it.");
        }
        assertThat(batch.summaryOnDisk().stopped()).isEqualTo(reason);
        assertThat(Json.MAPPER.readTree(batch.out.resolve("repos/repo-3/result.json").toFile())
                .path("batch_error").asText()).isEqualTo("api_key_refused");

        behaviour.clear(); // the key is fixed
        BatchSummary previous = batch.summaryOnDisk();
        BatchSummary retried = runner(batch, Duration.ofMinutes(5)).retry(previous, previous.job());

        assertThat(retried.count(RepoStatus.NO_CHANGES)).isEqualTo(4);
        assertThat(retried.stopped()).isNull();
        assertThat(retried.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(stops).hasSize(1);
        assertThat(byRepository(retried).get("repo-1").previousAttempts()).singleElement()
                .satisfies(earlier -> assertThat(earlier.error()).isEqualTo(reason));
    }

    @Test
    void aRefusalSeenByRepositoriesRunningAtOnceIsSaidOnceAndStartsNoMore() throws Exception {
        List<String> specs = batch.repositories(6);
        specs.forEach(spec -> behaviour.put(Path.of(spec).getFileName().toString(), "refused"));

        BatchSummary summary = runner(batch, Duration.ofMinutes(5)).run(job(specs, 3));

        assertThat(stops).hasSize(1);
        assertThat(api.getRequestCount()).as("only the repositories already running asked").isBetween(1, 3);
        assertThat(summary.repositories()).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(e.result().batchError()).isEqualTo(RepoResult.API_KEY_REFUSED);
        });
        assertThat(summary.repositories().stream().filter(e -> e.result().error().startsWith("Not started")).count())
                .isEqualTo(6 - api.getRequestCount());
    }

    @Test
    void threeRepositoriesInARowThatCannotReachTheApiStopTheBatch() throws Exception {
        List<String> specs = batch.repositories(5);
        specs.forEach(spec -> behaviour.put(Path.of(spec).getFileName().toString(), "offline"));

        BatchSummary summary = runner(batch, Duration.ofMinutes(5)).run(job(specs, 1));

        assertThat(stops).singleElement().satisfies(reason -> assertThat(reason)
                .startsWith("3 repositories in a row could not reach the Claude API; the last said: ")
                .contains("Could not get an answer from the Claude API"));
        assertThat(summary.stopped()).isEqualTo(stops.get(0));
        assertThat(requestsFor("repo-3")).as("retried by the client before giving up").isEqualTo(3);
        assertThat(requestsFor("repo-4") + requestsFor("repo-5")).isZero();
        Map<String, RepoResult> results = byRepository(summary);
        assertThat(results.values()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(r.batchError()).isEqualTo(RepoResult.API_UNREACHABLE);
        });
        assertThat(results.get("repo-4").error()).startsWith("Not started: the batch stopped (3 repositories in a row");
    }

    @Test
    void aRepositoryThatReachesTheApiStartsTheCountAgain() throws Exception {
        List<String> specs = batch.repositories(5);
        for (String offline : List.of("repo-1", "repo-2", "repo-4", "repo-5")) {
            behaviour.put(offline, "offline");
        }

        BatchSummary summary = runner(batch, Duration.ofMinutes(5)).run(job(specs, 1));

        assertThat(stops).isEmpty();
        assertThat(summary.stopped()).isNull();
        assertThat(requests.keySet()).containsExactlyInAnyOrder("repo-1", "repo-2", "repo-3", "repo-4", "repo-5");
        assertThat(byRepository(summary).get("repo-3").status()).isEqualTo(RepoStatus.NO_CHANGES);
        assertThat(byRepository(summary).get("repo-5").batchError()).isEqualTo(RepoResult.API_UNREACHABLE);
    }

    @Test
    void aTimedOutRepositoryKeepsWhatItsConversationSpent() throws Exception {
        List<String> specs = batch.repositories(2);
        behaviour.put("repo-1", "stalls");

        BatchSummary summary = runner(batch, Duration.ofSeconds(2)).run(job(specs, 2));

        RepoResult timedOut = byRepository(summary).get("repo-1");
        assertThat(timedOut.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(timedOut.error()).startsWith("timed out after 2 s");
        AgentOutcome.Spend spent = spent(batch.out.resolve("repos/repo-1"));
        assertThat(spent.iterations()).isEqualTo(1);
        assertThat(timedOut.iterations()).isEqualTo(1);
        assertThat(timedOut.usage()).isEqualTo(new Usage(1000, 50, 0, 0)).isEqualTo(spent.usage());
        assertThat(timedOut.cost()).isPositive().isEqualTo(spent.cost());
        assertThat(ResultFiles.readResult(batch.out.resolve("repos/repo-1"))).isEqualTo(timedOut);
        assertThat(summary.usage()).isEqualTo(new Usage(1100, 60, 0, 0));
    }

    @Test
    void aCancelledConversationThatCouldNotRecordItselfKeepsWhatItsTranscriptShows() throws Exception {
        Path checkout = Path.of(batch.repositories(1).get(0));
        behaviour.put("repo-1", "stalls");
        // Only the conversation, as on a node whose result never comes back: nothing but the transcript is written.
        RepositoryWorker conversationOnly = (job, entry, started) -> {
            started.run();
            agent().run(new AgentTask("repo-1", checkout, job.prompt(), job.type(), job.limits(),
                    batch.out.resolve(entry.directory()).resolve(ResultFiles.TRANSCRIPT)));
            return RepoResult.failed(entry.spec(), "the conversation was expected to be cancelled");
        };
        BatchRunner runner = batch.runner(conversationOnly, Duration.ofMinutes(5), listener, AllowlistCheck.allowAll(),
                Clock.systemUTC());
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<BatchSummary> running = caller.submit(() -> runner.run(job(List.of(checkout.toString()), 1)));
            api.takeRequest(30, TimeUnit.SECONDS);
            assertThat(api.takeRequest(30, TimeUnit.SECONDS)).as("the second request, after one reply").isNotNull();
            runner.cancel();
            BatchSummary summary = running.get(60, TimeUnit.SECONDS);

            RepoResult cancelled = summary.repositories().get(0).result();
            assertThat(cancelled.error()).isEqualTo("cancelled while running; run again with --retry-failed to work on it");
            AgentOutcome.Spend spent = spent(batch.out.resolve("repos/repo-1"));
            assertThat(cancelled.iterations()).isEqualTo(1);
            assertThat(cancelled.usage()).isEqualTo(new Usage(1000, 50, 0, 0)).isEqualTo(spent.usage());
            assertThat(cancelled.cost()).isPositive().isEqualTo(spent.cost());
            assertThat(summary.usage()).isEqualTo(cancelled.usage());
            assertThat(ResultFiles.readResult(batch.out.resolve("repos/repo-1")).usage()).isEqualTo(cancelled.usage());
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void aRetryAfterAKilledRunKeepsWhatTheKilledAttemptSpent() throws Exception {
        List<String> specs = batch.repositories(1);
        behaviour.put("repo-1", "stalls");
        BatchRunner first = runner(batch, Duration.ofMinutes(5));
        LocalBatch killed = new LocalBatch(tmp.resolve("killed"));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<BatchSummary> running = caller.submit(() -> first.run(job(specs, 1)));
            api.takeRequest(30, TimeUnit.SECONDS);
            assertThat(api.takeRequest(30, TimeUnit.SECONDS)).isNotNull();
            awaitRunningInSummary(batch.out);
            copy(batch.out, killed.out); // what a killed process leaves on disk at this moment
            first.cancel();
            running.get(60, TimeUnit.SECONDS);
        } finally {
            caller.shutdownNow();
        }
        assertThat(killed.out.resolve("repos/repo-1/result.json")).doesNotExist();
        behaviour.clear();

        BatchSummary previous = killed.summaryOnDisk();
        BatchSummary retried = runner(killed, Duration.ofMinutes(5)).retry(previous, previous.job());

        RepoResult result = retried.repositories().get(0).result();
        assertThat(result.status()).isEqualTo(RepoStatus.NO_CHANGES);
        assertThat(result.previousAttempts()).singleElement().satisfies(earlier -> {
            assertThat(earlier.status()).isEqualTo(RepoStatus.FAILED);
            assertThat(earlier.error()).isEqualTo("the run was stopped while it worked on this repository");
            assertThat(earlier.iterations()).isEqualTo(1);
            assertThat(earlier.usage()).isEqualTo(new Usage(1000, 50, 0, 0));
            assertThat(earlier.folder()).isEqualTo("attempts/1");
        });
        assertThat(killed.out.resolve("repos/repo-1/attempts/1/transcript.jsonl")).isRegularFile();
        assertThat(retried.usage()).isEqualTo(new Usage(1100, 60, 0, 0));
    }

    private static void awaitRunningInSummary(Path out) throws Exception {
        for (int i = 0; i < 3000; i++) {
            BatchSummary summary = ResultFiles.readSummary(out);
            if (summary.repositories().get(0).status() == RepoStatus.RUNNING) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("summary.json never showed the repository RUNNING");
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /** What the transcript's response events add up to, read with the engine's own reader. */
    private static AgentOutcome.Spend spent(Path folder) {
        return Transcript.spent(folder.resolve(ResultFiles.TRANSCRIPT));
    }
}
