package io.jenkins.plugins.codybatch.engine.batch;

import static io.jenkins.plugins.codybatch.engine.batch.LocalBatch.byRepository;
import static io.jenkins.plugins.codybatch.engine.batch.LocalBatch.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.repo.FakeTime;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch runner as the CLI uses it: LocalWorker and LocalResultsStore over real local git repositories. */
class BatchRunnerTest {

    @TempDir
    Path tmp;

    private LocalBatch batch;

    @BeforeEach
    void setUp() {
        batch = new LocalBatch(tmp);
    }

    @Test
    void worksEveryRepositoryAndWritesItsFiles() throws Exception {
        List<String> specs = batch.repositories(3);

        BatchSummary summary = batch.runner(new ScriptedAgent(ScriptedAgent::editReadme)).run(job(specs, 2));

        assertThat(summary.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(summary.count(RepoStatus.COMPLETED)).isEqualTo(3);
        assertThat(summary.usage()).isEqualTo(new Usage(3000, 600, 0, 900));
        assertThat(summary.cost()).isCloseTo(0.0375, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(summary.repositories()).extracting(RepositoryEntry::spec).as("in job order")
                .containsExactlyElementsOf(specs);
        for (int i = 1; i <= 3; i++) {
            Path dir = batch.out.resolve("repos/repo-" + i);
            assertThat(Files.readString(dir.resolve("patch.diff")))
                    .contains("+++ b/README.md").contains("+# changed by the model");
            assertThat(Files.readString(dir.resolve("transcript.jsonl"))).contains("\"repository\":\"repo-" + i + "\"");
            RepoResult result = Json.MAPPER.readValue(dir.resolve("result.json").toFile(), RepoResult.class);
            assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
            assertThat(result.filesChanged()).containsExactly("README.md");
            assertThat(result.summary()).isEqualTo("Updated the README.");
            assertThat(result.pullRequest()).isNull();
            assertThat(result.outputs()).isEqualTo(new RepoResult.Outputs("patch.diff", "transcript.jsonl", null));
            assertThat(result.previousAttempts()).isEmpty();
        }
        assertThat(batch.work).isEmptyDirectory(); // checkouts are deleted
        BatchSummary onDisk = batch.summaryOnDisk();
        assertThat(onDisk.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(onDisk.finished()).isNotNull();
        assertThat(onDisk.stopped()).isNull();
        assertThat(onDisk.job()).isEqualTo(summary.job());
        assertThat(onDisk.repositories()).isEqualTo(summary.repositories());
    }

    @Test
    void neverRunsMoreRepositoriesAtOnceThanTheParallelism() throws Exception {
        List<String> specs = batch.repositories(6);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // Three at a time must meet here: fewer would time out the barrier, more would raise "most" above 3.
        CyclicBarrier three = new CyclicBarrier(3);
        ScriptedAgent agent = new ScriptedAgent(task -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                three.await(30, TimeUnit.SECONDS);
                return ScriptedAgent.editReadme(task);
            } finally {
                running.decrementAndGet();
            }
        });

        BatchSummary summary = batch.runner(agent).run(job(specs, 3));

        assertThat(summary.count(RepoStatus.COMPLETED)).isEqualTo(6);
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void oneRepositoryCrashingOrHangingOrMissingDoesNotStopTheOthers() throws Exception {
        List<String> specs = new ArrayList<>(batch.repositories(4));
        specs.add(tmp.resolve("origin/does-not-exist").toString());
        ScriptedAgent agent = new ScriptedAgent(task -> switch (task.repository()) {
            case "repo-1" -> throw new IllegalStateException("bug in a tool");
            case "repo-2" -> {
                Thread.sleep(600_000); // hangs until the timeout interrupts it
                yield ScriptedAgent.done("never");
            }
            case "repo-3" -> null;
            default -> ScriptedAgent.editReadme(task);
        });

        BatchSummary summary = batch.runner(agent, Duration.ofSeconds(2), ProgressListener.NONE).run(job(specs, 5));

        Map<String, RepoResult> results = byRepository(summary);
        assertThat(results.get("repo-1").status()).isEqualTo(RepoStatus.FAILED);
        assertThat(results.get("repo-1").error()).contains("internal error while running the agent")
                .contains("bug in a tool");
        assertThat(results.get("repo-2").status()).isEqualTo(RepoStatus.FAILED);
        assertThat(results.get("repo-2").error()).startsWith("timed out after 2 s")
                .contains("raise the per-repository timeout");
        assertThat(results.get("repo-3").error()).contains("the agent returned no outcome");
        assertThat(results.get("does-not-exist").error()).contains("No git repository at");
        assertThat(results.get("repo-4").status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(summary.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(summary.count(RepoStatus.FAILED)).isEqualTo(4);
        assertThat(summary.stopped()).as("failures of single repositories do not stop the batch").isNull();
        RepoResult onDisk = ResultFiles.readResult(batch.out.resolve("repos/repo-2"));
        assertThat(onDisk.error()).startsWith("timed out after 2 s");
    }

    @Test
    void aWorkerThatThrowsFailsOnlyItsRepositoryWithTheReason() throws Exception {
        RepositoryWorker worker = (job, entry, started) -> {
            started.run();
            return switch (entry.spec()) {
                case "acme/disk" -> throw new IOException("disk full on the node");
                case "acme/bug" -> throw new IllegalStateException("null somewhere");
                default -> RepoResult.skipped(entry.spec(), "nothing to do here");
            };
        };

        BatchSummary summary = batch.runner(worker, Duration.ofMinutes(1), ProgressListener.NONE,
                AllowlistCheck.allowAll(), Clock.systemUTC()).run(job(List.of("acme/disk", "acme/bug", "acme/ok"), 3));

        assertThat(summary.repositories()).extracting(RepositoryEntry::status)
                .containsExactly(RepoStatus.FAILED, RepoStatus.FAILED, RepoStatus.SKIPPED);
        assertThat(summary.repositories().get(0).result().error()).isEqualTo("could not be run: disk full on the node");
        assertThat(summary.repositories().get(1).result().error()).startsWith("internal error: ")
                .contains("null somewhere", "the other repositories are not affected");
        assertThat(ResultFiles.readResult(batch.out.resolve("repos/acme__disk")).error()).contains("disk full");
    }

    @Test
    void theBatchFailsWhenEveryRepositoryFailsOrTheJobIsWrong() throws Exception {
        List<String> specs = batch.repositories(2);
        ScriptedAgent agent = new ScriptedAgent(task ->
                new AgentOutcome(AgentOutcome.Ending.FAILED, "", 1, Usage.ZERO, 0, "The model is overloaded (529)."));
        BatchSummary summary = batch.runner(agent).run(job(specs, 2));
        assertThat(summary.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(summary.repositories()).allSatisfy(e ->
                assertThat(e.result().error()).isEqualTo("The model is overloaded (529)."));

        LocalBatch other = new LocalBatch(tmp.resolve("b"));
        BatchSummary empty = other.runner(agent).run(job(List.of(" ", ""), 2));
        assertThat(empty.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(empty.error()).contains("names no repositories");
        assertThat(other.summaryOnDisk().error()).contains("names no repositories");

        BatchSummary noParallelism = other.runner(agent).run(job(specs, 0));
        assertThat(noParallelism.error()).isEqualTo("Parallelism must be at least 1, was 0.");
        assertThat(noParallelism.repositories()).allSatisfy(e -> assertThat(e.status()).isEqualTo(RepoStatus.FAILED));
    }

    @Test
    void cancellingStopsTheRunningRepositoryAndMarksTheOthersFailedForARetry() throws Exception {
        List<String> specs = batch.repositories(3);
        CountDownLatch started = new CountDownLatch(1);
        ScriptedAgent agent = new ScriptedAgent(task -> {
            Files.writeString(task.checkout().resolve("README.md"), "half done\n");
            started.countDown();
            Thread.sleep(600_000);
            return ScriptedAgent.done("never");
        });
        BatchRunner runner = batch.runner(agent);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<BatchSummary> running = caller.submit(() -> runner.run(job(specs, 1)));
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            runner.cancel();
            BatchSummary summary = running.get(60, TimeUnit.SECONDS);

            assertThat(runner.isCancelled()).isTrue();
            assertThat(summary.cancelled()).isTrue();
            assertThat(summary.status()).isEqualTo(BatchStatus.FAILED);
            assertThat(agent.repositoriesRun).containsExactly("repo-1");
            Map<String, RepoResult> results = byRepository(summary);
            assertThat(results.get("repo-1").error())
                    .isEqualTo("cancelled while running; run again with --retry-failed to work on it");
            assertThat(results.get("repo-2").error())
                    .isEqualTo("cancelled before it started; run again with --retry-failed to work on it");
            assertThat(results.get("repo-3").status()).isEqualTo(RepoStatus.FAILED);
            assertThat(batch.summaryOnDisk().status()).isEqualTo(BatchStatus.FAILED);
            assertThat(batch.summaryOnDisk().cancelled()).isTrue();
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void interruptingTheCallerEndsTheSummaryAndThrows() throws Exception {
        List<String> specs = batch.repositories(2);
        CountDownLatch started = new CountDownLatch(1);
        ScriptedAgent agent = new ScriptedAgent(task -> {
            started.countDown();
            Thread.sleep(600_000);
            return ScriptedAgent.done("never");
        });
        BatchRunner runner = batch.runner(agent);
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(job(specs, 1));
            } catch (Exception e) {
                thrown.add(e);
            }
        });
        caller.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(60_000);

        assertThat(thrown).singleElement().isInstanceOf(InterruptedException.class);
        BatchSummary summary = batch.summaryOnDisk();
        assertThat(summary.finished()).isNotNull();
        assertThat(summary.cancelled()).isTrue();
        assertThat(summary.count(RepoStatus.FAILED)).isEqualTo(2);
    }

    @Test
    void writesEachResultAsItFinishesAndKeepsSummaryValidWhileRunning() throws Exception {
        List<String> specs = batch.repositories(3);
        Path out = batch.out;
        List<String> seenAtFinish = new CopyOnWriteArrayList<>();
        List<String> startedSeen = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void batchStarted(BatchJob job, int toRun, int total) {
                startedSeen.add("batch " + toRun + "/" + total);
            }

            @Override
            public void repositoryStarted(RepositoryEntry entry) {
                startedSeen.add(entry.directory() + " " + entry.status());
            }

            @Override
            public void repositoryFinished(RepositoryEntry entry, int done, int toRun) {
                RepoResult onDisk = ResultFiles.readResult(out.resolve(entry.directory()));
                seenAtFinish.add(done + "/" + toRun + " " + (onDisk == null ? "missing" : onDisk.status()));
            }
        };
        List<JsonNode> summariesSeen = new CopyOnWriteArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(task -> {
            if (task.repository().equals("repo-3")) {
                // The third repository waits until summary.json shows the first two as done.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    JsonNode json = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
                    if (json.get("counts").get("COMPLETED").asInt() == 2) {
                        summariesSeen.add(json);
                        break;
                    }
                    Thread.sleep(10);
                }
            }
            return ScriptedAgent.editReadme(task);
        });

        batch.runner(agent, Duration.ofMinutes(5), listener).run(job(specs, 1));

        assertThat(startedSeen).containsExactly("batch 3/3", "repos/repo-1 RUNNING", "repos/repo-2 RUNNING",
                "repos/repo-3 RUNNING");
        assertThat(seenAtFinish).containsExactly("1/3 COMPLETED", "2/3 COMPLETED", "3/3 COMPLETED");
        assertThat(summariesSeen).singleElement().satisfies(json -> {
            assertThat(json.get("status").asText()).isEqualTo("RUNNING");
            assertThat(json.has("finished")).isFalse();
            assertThat(json.get("counts").get("RUNNING").asInt()).isEqualTo(1);
            assertThat(json.get("repositories").get(2).get("status").asText()).isEqualTo("RUNNING");
            assertThat(json.get("repositories").get(0).get("result").get("status").asText()).isEqualTo("COMPLETED");
        });
    }

    @Test
    void aRepositoryTheAllowlistRefusesIsSkippedWithoutAskingTheWorker() throws Exception {
        Path origin = LocalGitRepositoryService.createRepository(tmp.resolve("origin"), "secret");
        batch.git.alias("acme/app", LocalGitRepositoryService.createRepository(tmp.resolve("origin"), "app"));
        List<String> asked = new CopyOnWriteArrayList<>();
        LocalWorker local = batch.worker(new ScriptedAgent(ScriptedAgent::editReadme));
        RepositoryWorker counting = (job, entry, started) -> {
            asked.add(entry.spec());
            return local.work(job, entry, started);
        };
        AllowlistCheck onlyAcme = name -> name.startsWith("acme/") ? null
                : name + " is not in the allowed repositories (acme/*); add it to the allowlist to work on it";

        BatchSummary summary = batch.runner(counting, Duration.ofMinutes(5), ProgressListener.NONE, onlyAcme,
                Clock.systemUTC()).run(job(List.of("other/secret", origin.toString(), "acme/app"), 2));

        assertThat(asked).containsExactly("acme/app");
        assertThat(summary.repositories()).extracting(RepositoryEntry::status)
                .containsExactly(RepoStatus.SKIPPED, RepoStatus.SKIPPED, RepoStatus.COMPLETED);
        assertThat(summary.repositories().get(0).result().error())
                .isEqualTo("other/secret is not in the allowed repositories (acme/*); add it to the allowlist to work on it");
        assertThat(ResultFiles.readResult(batch.out.resolve("repos/secret")).status()).isEqualTo(RepoStatus.SKIPPED);
        assertThat(batch.git.resolves.get()).as("refused specs are never resolved").isEqualTo(1);
        assertThat(batch.git.checkouts.get()).isEqualTo(1);
        assertThat(summary.status()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void theProcessorChecksTheAllowlistAgainOnceASpecIsResolved() throws Exception {
        Path origin = LocalGitRepositoryService.createRepository(tmp.resolve("origin"), "secret");
        ScriptedAgent agent = new ScriptedAgent(ScriptedAgent::editReadme);
        AllowlistCheck onlyAcme = name -> name.startsWith("acme/") ? null : name + " is not allowed";
        LocalWorker worker = new LocalWorker(new DefaultRepositoryProcessor(agent, batch.git, onlyAcme,
                Clock.systemUTC()), batch.out, batch.work);

        BatchSummary summary = batch.runner(worker, Duration.ofMinutes(5), ProgressListener.NONE,
                AllowlistCheck.allowAll(), Clock.systemUTC()).run(job(List.of(origin.toString()), 1));

        assertThat(summary.repositories().get(0).status()).isEqualTo(RepoStatus.SKIPPED);
        assertThat(summary.repositories().get(0).result().error()).isEqualTo("secret is not allowed");
        assertThat(batch.git.resolves.get()).isEqualTo(1);
        assertThat(batch.git.checkouts.get()).isZero();
        assertThat(agent.repositoriesRun).isEmpty();
    }

    @Test
    void theTimeoutCountsFromWhenTheRepositoryStartsOnAMachineNotWhileItWaitsForOne() throws Exception {
        FakeTime time = new FakeTime();
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch mayStart = new CountDownLatch(1);
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        RepositoryWorker worker = (job, entry, started) -> {
            if (entry.spec().equals("acme/queued")) {
                waiting.countDown();
                mayStart.await(); // waits for a machine, as a Jenkins queue item does
                started.run();
                return RepoResult.skipped(entry.spec(), "worked after a long wait in the queue");
            }
            started.run();
            working.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return RepoResult.failed(entry.spec(), "never");
        };
        BatchRunner runner = batch.runner(worker, Duration.ofMinutes(1), ProgressListener.NONE,
                AllowlistCheck.allowAll(), time);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<BatchSummary> running = caller.submit(() -> runner.run(job(List.of("acme/queued", "acme/busy"), 2)));
            assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(working.await(30, TimeUnit.SECONDS)).isTrue();
            time.sleep(Duration.ofMinutes(10));
            assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the started repository timed out").isTrue();
            mayStart.countDown();
            BatchSummary summary = running.get(60, TimeUnit.SECONDS);

            assertThat(summary.repositories().get(0).result().error())
                    .isEqualTo("worked after a long wait in the queue");
            assertThat(summary.repositories().get(1).result().error()).startsWith("timed out after 1 min");
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void summaryJsonUsesTheDocumentedNames() throws Exception {
        List<String> specs = batch.repositories(1);
        batch.runner(new ScriptedAgent(ScriptedAgent::editReadme)).run(job(specs, 1));
        JsonNode json = Json.MAPPER.readTree(batch.out.resolve("summary.json").toFile());
        assertThat(json.fieldNames()).toIterable().containsExactly("format_version", "name", "type", "status",
                "cancelled", "attempt", "started", "finished", "total", "counts", "usage", "total_tokens", "cost",
                "files_changed", "pull_requests", "job", "repositories");
        assertThat(json.get("type").asText()).isEqualTo("code-pattern-update");
        assertThat(json.get("repositories").get(0).get("directory").asText()).isEqualTo("repos/repo-1");
        assertThat(json.get("repositories").get(0).get("result").get("outputs").get("patch").asText())
                .isEqualTo("patch.diff");
        assertThat(json.get("job").get("limits").get("max_iterations").asInt()).isEqualTo(30);
    }

    @Test
    void entriesDropBlankAndRepeatedSpecsAndGiveEachAFolderOfItsOwn() {
        assertThat(RepositoryEntry.forSpecs(List.of("acme/a", " acme/a ", "", "https://github.com/acme/a.git", "/srv/git/A",
                "x/a", "/srv/other/a")))
                .extracting(RepositoryEntry::directory)
                .containsExactly("repos/acme__a", "repos/acme__a-2", "repos/A", "repos/x__a", "repos/a-2");
        assertThat(RepositoryEntry.forSpecs(List.of("acme/a"))).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(RepoStatus.PENDING));
    }

    @Test
    void directoryNamesAreKnownBeforeResolving() {
        Function<String, String> name = ResultFiles::directoryName;
        assertThat(name.apply("acme/app")).isEqualTo("acme__app");
        assertThat(name.apply("https://github.com/acme/app.git")).isEqualTo("acme__app");
        assertThat(name.apply("git@github.com:acme/app.git")).isEqualTo("acme__app");
        assertThat(name.apply("/srv/git/app/")).isEqualTo("app");
        assertThat(name.apply("..")).isEqualTo("repository");
        assertThat(name.apply("/home/me/.config")).isEqualTo("_config");
        assertThat(name.apply("/src/a..b")).isEqualTo("a_b");
        for (String spec : List.of("acme/app", "/x/.config", "/x/a..b", "-rf", "https://h/o/.git", "we<img>ird", "..")) {
            assertThat(ResultFiles.isFolderName(name.apply(spec))).as(spec).isTrue(); // what the build page serves
        }
        assertThat(ResultFiles.isRepositoryFolder("repos/../../victim")).isFalse();
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> new BatchRunner.Options(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Host.CLI)).hasMessageContaining("timeout must be positive");
    }
}
