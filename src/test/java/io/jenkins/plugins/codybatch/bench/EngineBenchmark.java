package io.jenkins.plugins.codybatch.bench;

import io.jenkins.plugins.codybatch.cli.FakeAnthropic;
import io.jenkins.plugins.codybatch.cli.NoDelayServerSockets;
import io.jenkins.plugins.codybatch.engine.Engine;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.AgentTask;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.AllowlistCheck;
import io.jenkins.plugins.codybatch.engine.batch.DefaultRepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.ScriptedAgent;
import io.jenkins.plugins.codybatch.engine.repo.Allowlist;
import io.jenkins.plugins.codybatch.engine.repo.GitRepositoryService;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySettings;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.LocalResultsStore;
import io.jenkins.plugins.codybatch.engine.batch.LocalWorker;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.LocalGitRepositoryService;
import io.jenkins.plugins.codybatch.engine.batch.ProgressListener;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.MockWebServer;

/**
 * The whole real engine on N local repositories (docs/performance.md, "Batch runner"): {@link Engine#processor}
 * gives the real ClaudeAgent talking HTTP to an instant fake Messages API on MockWebServer (one turn with a
 * str_replace edit and a create, then end_turn) and the real GitRepositoryService (local clone, patch), run by
 * BatchRunner at parallel P. Against it, a plain loop doing the same change with the git command line: clone,
 * the same two edits, add -A, diff --cached --binary, write the diff. Repositories are split into rounds; each round
 * runs both on the same repositories back to back, alternating which goes first, so the shared machine's drifting
 * load hits both alike. Peak heap (MockWebServer included, it lives in the same JVM) is polled every 5 ms while the
 * engine works.
 *
 * <p>Arguments (optional): repos=1000 rounds=4 parallel=8 agent=http|scripted (scripted: the same edits made by an
 * in-process fake agent instead of ClaudeAgent and HTTP, still with the real GitRepositoryService, to tell the tool
 * loop's share from git's)
 */
public final class EngineBenchmark {

    private static final String KEY = "sk-ant-benchmark-key";
    private static boolean scripted;

    public static void main(String[] args) throws Exception {
        int repos = BenchSupport.arg(args, "repos", 1000);
        int rounds = BenchSupport.arg(args, "rounds", 4);
        int parallel = BenchSupport.arg(args, "parallel", 8);
        scripted = List.of(args).contains("agent=scripted");
        Path root = Files.createTempDirectory("cody-batch-engine-bench-");
        System.out.printf("java %s, %d cpus, max heap %d MB, temp %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, root);
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new FakeAnthropic(KEY));
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.start();
        EngineSettings settings = new EngineSettings(KEY, server.url("/").toString(), null, 0, Map.of(), null, null,
                null, null, 0, List.of(), null);
        try {
            List<String> specs = createRepositories(root.resolve("origins"), repos);
            run(root, specs, parallel, rounds, settings);
        } finally {
            server.close();
            ResultFiles.deleteRecursively(root);
        }
    }

    private static void run(Path root, List<String> specs, int parallel, int rounds, EngineSettings settings)
            throws Exception {
        AlternatingRounds.Figures figures = AlternatingRounds.run(root, specs, rounds,
                (out, part) -> {
                    plainLoop(out, part, parallel);
                    return 0;
                },
                (out, part) -> engine(out, part, parallel, settings).count(RepoStatus.COMPLETED));
        System.out.printf(Locale.ROOT, "%n== %d local repositories in %d rounds, %s, parallel %d ==%n", specs.size(),
                rounds, scripted ? "scripted agent with the real GitRepositoryService"
                        : "real engine (ClaudeAgent over HTTP to an instant fake API, GitRepositoryService)", parallel);
        figures.print("real engine");
    }

    private static BatchSummary engine(Path out, List<String> specs, int parallel, EngineSettings settings)
            throws Exception {
        BatchJob job = new BatchJob("bench", JobType.CODE_PATTERN_UPDATE, "Greet Cody in README.md", specs, null, 0,
                Limits.defaults(), parallel, List.of(), null);
        RepositoryProcessor processor = scripted
                ? new DefaultRepositoryProcessor(new ScriptedAgent(EngineBenchmark::edit),
                        new GitRepositoryService(null, Allowlist.allowAll(), RepositorySettings.defaults()),
                        AllowlistCheck.allowAll(), Clock.systemUTC())
                : new Engine(settings).processor(job);
        Path results = out.resolve("results");
        BatchRunner runner = new BatchRunner(new LocalWorker(processor, results, out.resolve("work")),
                new LocalResultsStore(results), BatchRunner.Options.defaults(Host.CLI), ProgressListener.NONE,
                AllowlistCheck.allowAll(), Clock.systemUTC());
        BatchSummary summary = runner.run(job);
        if (summary.count(RepoStatus.COMPLETED) != specs.size()) {
            throw new IllegalStateException("not every repository completed: " + summary.counts()
                    + "; first error: " + summary.repositories().stream().filter(r -> r.result() != null
                            && r.result().error() != null).map(r -> r.result().error()).findFirst().orElse("none"));
        }
        return summary;
    }

    /** What the fake model asks the edit tool to do, done directly. */
    private static AgentOutcome edit(AgentTask task) throws Exception {
        Path readme = task.checkout().resolve("README.md");
        Files.writeString(readme, Files.readString(readme).replace("Hello", "Hello, Cody"));
        Files.writeString(task.checkout().resolve("NOTES.md"), "Updated by Cody Batch.\n");
        return ScriptedAgent.done("Greeted Cody in README.md and added NOTES.md.");
    }

    /** The same change as the fake model makes, with the git command line and no batch layer. */
    private static void plainLoop(Path out, List<String> specs, int parallel) throws Exception {
        Files.createDirectories(out);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                String spec = specs.get(i);
                Path checkout = out.resolve("checkout-" + i);
                Path diffFile = out.resolve("patch-" + i + ".diff");
                futures.add(pool.submit(() -> {
                    LocalGitRepositoryService.git(out, "clone", "-q", spec, checkout.toString());
                    Path readme = checkout.resolve("README.md");
                    Files.writeString(readme, Files.readString(readme).replace("Hello", "Hello, Cody"));
                    Files.writeString(checkout.resolve("NOTES.md"), "Updated by Cody Batch.\n");
                    LocalGitRepositoryService.git(checkout, "add", "-A");
                    Files.writeString(diffFile, LocalGitRepositoryService.git(checkout, "diff", "--cached", "--binary"));
                    ResultFiles.deleteRecursively(checkout);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** One template repository made with git (README.md with "Hello", one source file), copied N times. */
    /** Local repositories like the ones cli-overhead.sh makes: README.md with "Hello", one source file, one commit. */
    static List<String> createRepositories(Path parent, int count) throws Exception {
        Path template = Files.createDirectories(parent.resolve("template"));
        LocalGitRepositoryService.git(template, "init", "-q", "-b", "main");
        Files.writeString(template.resolve("README.md"), "Hello from the template\n");
        Files.createDirectories(template.resolve("src"));
        Files.writeString(template.resolve("src/App.java"), "class App { void oldApi() {} }\n");
        LocalGitRepositoryService.git(template, "add", "-A");
        LocalGitRepositoryService.git(template, "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                "commit", "-q", "-m", "init");
        return BenchSupport.copies(template, count);
    }
}
