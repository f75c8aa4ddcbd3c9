package io.jenkins.plugins.codybatch.bench;

import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import io.jenkins.plugins.codybatch.engine.Engine;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.batch.AllowlistCheck;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.LocalResultsStore;
import io.jenkins.plugins.codybatch.engine.batch.LocalWorker;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.ProgressListener;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.claude.RateLimitedApi;
import io.jenkins.plugins.codybatch.engine.claude.RateLimiter;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * The whole engine ({@link Engine#processor}, BatchRunner, real git) on N short conversations at parallel P against a
 * fake Messages API with an input-tokens-per-minute limit ({@link RateLimitedApi} in front of {@link FakeAnthropic}:
 * one edit turn, then end_turn; every request bills 1,200 input + 300 cache-write tokens, which is what the limit
 * counts). Prints the 429s the API sent, the repositories that failed (and how many for rate limits), the wall time
 * and the ideal the limit allows: (tokens admitted - the bucket's starting content) / (limit / 60 s).
 *
 * <p>Arguments (optional): repos=1000 parallel=32 tpm=450000 latency=300 (ms the fake model takes per answer)
 */
public final class RateLimitBenchmark {

    private static final String KEY = "sk-ant-ratelimit-benchmark-key";
    private static final long TOKENS_PER_REQUEST = 1200 + 300; // FakeAnthropic's usage: input + cache writes

    public static void main(String[] args) throws Exception {
        int repos = BenchSupport.arg(args, "repos", 1000);
        int parallel = BenchSupport.arg(args, "parallel", 32);
        int tpm = BenchSupport.arg(args, "tpm", 450_000);
        int latency = BenchSupport.arg(args, "latency", 300);
        Path root = Files.createTempDirectory("cody-batch-ratelimit-bench-");
        System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MB, load average %.1f%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        RateLimitedApi api = new RateLimitedApi(new FakeAnthropic(KEY), tpm, tpm, r -> TOKENS_PER_REQUEST, latency);
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(api);
            server.start();
            String url = server.url("/").toString();
            EngineSettings settings = new EngineSettings(KEY, url, null, 0, Map.of(), null, null, null, null, 0,
                    List.of(), null);
            List<String> specs = EngineBenchmark.createRepositories(root.resolve("origins"), repos);
            BatchJob job = new BatchJob("ratelimit-bench", JobType.CODE_PATTERN_UPDATE, "Greet Cody in README.md",
                    specs, null, 0, Limits.defaults(), parallel, List.of(), null);
            Path results = root.resolve("results");
            BatchRunner runner = new BatchRunner(new LocalWorker(new Engine(settings).processor(job), results,
                    root.resolve("work")), new LocalResultsStore(results), BatchRunner.Options.defaults(Host.CLI),
                    ProgressListener.NONE, AllowlistCheck.allowAll(), Clock.systemUTC());
            long start = System.nanoTime();
            BatchSummary summary = runner.run(job);
            double wall = (System.nanoTime() - start) / 1e9;

            long failed = summary.count(RepoStatus.FAILED);
            long failedForRateLimits = summary.repositories().stream()
                    .filter(r -> r.result() != null && r.result().error() != null
                            && r.result().error().toLowerCase(Locale.ROOT).contains("rate limit"))
                    .count();
            double ideal = Math.max(0, api.admittedTokens() - tpm) / (tpm / 60.0);
            RateLimiter.Stats stats = RateLimiter.shared(settings.anthropicBaseUrl().replaceAll("/+$", ""), KEY).stats();
            System.out.printf(Locale.ROOT, "%n== %d conversations, parallel %d, limit %,d input tokens/min, %d ms per"
                    + " answer ==%n", repos, parallel, tpm, latency);
            System.out.printf(Locale.ROOT, "completed %d, failed %d (for rate limits: %d)%n",
                    summary.count(RepoStatus.COMPLETED), failed, failedForRateLimits);
            System.out.printf(Locale.ROOT, "requests admitted %d (%,d input tokens), 429s sent %d%n", api.admitted(),
                    api.admittedTokens(), api.rateLimited());
            System.out.printf(Locale.ROOT, "limiter: %d requests held back, %.1f s in total; window now %d%n",
                    stats.delayedRequests(), stats.delayed().toMillis() / 1000.0, stats.window());
            System.out.printf(Locale.ROOT, "wall %.1f s, ideal %.1f s, ratio %.3fx (goal <= 1.15x)%n", wall, ideal,
                    wall / ideal);
            System.out.printf(Locale.ROOT, "load average at the end %.1f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            ResultFiles.deleteRecursively(root);
        }
    }
}
