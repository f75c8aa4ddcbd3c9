package io.jenkins.plugins.codybatch.bench;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.AllowlistCheck;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.LocalResultsStore;
import io.jenkins.plugins.codybatch.engine.batch.LocalWorker;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.DefaultRepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.LocalGitRepositoryService;
import io.jenkins.plugins.codybatch.engine.batch.ProgressListener;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.batch.ScriptedAgent;
import io.jenkins.plugins.codybatch.engine.repo.Checkout;
import io.jenkins.plugins.codybatch.engine.repo.Patch;
import io.jenkins.plugins.codybatch.engine.repo.PullRequestRequest;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryRef;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryService;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Batch runner benchmark (docs/performance.md, "Batch runner").
 *
 * <p>Part 1: N small local git repositories, an instant fake agent editing one file, parallel P. The engine
 * (BatchRunner + DefaultRepositoryProcessor + a git-CLI RepositoryService) against a plain loop running the very same
 * git commands (clone, rev-parse, add -A, diff, diff --name-only) and writing the diff, at the same parallelism.
 * Also the peak heap used while the runner works, polled every 5 ms.
 *
 * <p>Part 2: M repositories, a fake agent taking T ms per turn for K turns, parallel Q: wall time against the ideal
 * M*K*T/Q.
 *
 * <p>Arguments (all optional): repos=1000 rounds=4 parallel=8 slowRepos=320 slowParallel=32 turns=10 turnMillis=1000
 * part=both|fast|slow nogit=0|1 (1: part 2 without git, to isolate the runner's scheduling)
 */
public final class BatchBenchmark {

    public static void main(String[] args) throws Exception {
        int repos = BenchSupport.arg(args, "repos", 1000);
        int parallel = BenchSupport.arg(args, "parallel", 8);
        int slowRepos = BenchSupport.arg(args, "slowRepos", 320);
        int slowParallel = BenchSupport.arg(args, "slowParallel", 32);
        int turns = BenchSupport.arg(args, "turns", 10);
        int turnMillis = BenchSupport.arg(args, "turnMillis", 1000);
        String part = args.length == 0 ? "both" : List.of(args).stream().filter(a -> a.startsWith("part="))
                .map(a -> a.substring(5)).findFirst().orElse("both");

        Path root = Files.createTempDirectory("cody-batch-bench-");
        System.out.printf("java %s, %d cpus, max heap %d MB, temp %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, root);
        List<String> specs = BenchSupport.copies(LocalGitRepositoryService.createRepository(root.resolve("origins"), "template"),
                Math.max(repos, slowRepos));
        try {
            if (!part.equals("slow")) {
                fast(root, specs.subList(0, repos), parallel, BenchSupport.arg(args, "rounds", 4));
            }
            if (!part.equals("fast")) {
                slow(root, specs.subList(0, slowRepos), slowParallel, turns, turnMillis, BenchSupport.arg(args, "nogit", 0) == 1);
            }
        } finally {
            ResultFiles.deleteRecursively(root);
        }
    }

    /**
     * The machine is shared, so its load drifts: the repositories are split into rounds, and each round runs the plain
     * loop and the engine on the same repositories back to back, alternating which goes first.
     */
    private static void fast(Path root, List<String> specs, int parallel, int rounds) throws Exception {
        AlternatingRounds.Figures figures = AlternatingRounds.run(root, specs, rounds,
                (out, part) -> {
                    plainLoop(out, part, parallel);
                    return 0;
                },
                (out, part) -> engine(out, part, parallel, 0, 0).count(RepoStatus.COMPLETED));
        System.out.printf(Locale.ROOT, "%n== Part 1: %d repositories in %d rounds, instant agent, parallel %d ==%n",
                specs.size(), rounds, parallel);
        figures.print("batch engine");
    }

    private static void slow(Path root, List<String> specs, int parallel, int turns, int turnMillis, boolean noGit)
            throws Exception {
        long start = System.nanoTime();
        BatchSummary summary = engine(root.resolve("slow"), specs, parallel, turns, turnMillis,
                noGit ? new NoGitRepositoryService() : new LocalGitRepositoryService(false));
        double seconds = (System.nanoTime() - start) / 1e9;
        double ideal = (double) specs.size() * turns * turnMillis / 1000.0 / parallel;
        System.out.printf(Locale.ROOT, "%n== Part 2: %d repositories, %d turns x %d ms, parallel %d%s ==%n",
                specs.size(), turns, turnMillis, parallel, noGit ? ", no git (in-memory repository service)" : "");
        System.out.printf(Locale.ROOT, "wall %.1f s, ideal %.1f s, ratio %.3fx (goal <= 1.1x), %d COMPLETED%n",
                seconds, ideal, seconds / ideal, summary.count(RepoStatus.COMPLETED));
    }

    private static BatchSummary engine(Path out, List<String> specs, int parallel, int turns, int turnMillis)
            throws Exception {
        return engine(out, specs, parallel, turns, turnMillis, new LocalGitRepositoryService(false));
    }

    private static BatchSummary engine(Path out, List<String> specs, int parallel, int turns, int turnMillis,
            RepositoryService repositories) throws Exception {
        ScriptedAgent agent = new ScriptedAgent(task -> {
            for (int turn = 0; turn < turns; turn++) {
                Thread.sleep(turnMillis);
            }
            return ScriptedAgent.editReadme(task);
        });
        DefaultRepositoryProcessor processor = new DefaultRepositoryProcessor(agent,
                repositories, AllowlistCheck.allowAll(), Clock.systemUTC());
        Path results = out.resolve("results");
        BatchRunner runner = new BatchRunner(new LocalWorker(processor, results, out.resolve("work")),
                new LocalResultsStore(results), BatchRunner.Options.defaults(Host.CLI), ProgressListener.NONE,
                AllowlistCheck.allowAll(), Clock.systemUTC());
        BatchJob job = new BatchJob("bench", JobType.CODE_PATTERN_UPDATE, "Edit the README", specs, null, 0,
                Limits.defaults(), parallel, List.of(), null);
        BatchSummary summary = runner.run(job);
        if (summary.count(RepoStatus.COMPLETED) != specs.size()) {
            throw new IllegalStateException("not every repository completed: " + summary.counts());
        }
        return summary;
    }

    /** No git at all: isolates the runner's own scheduling from git's CPU time. */
    private static final class NoGitRepositoryService implements RepositoryService {
        @Override
        public RepositoryRef resolve(String spec) {
            return new RepositoryRef(Path.of(spec).getFileName().toString(), spec, "main", false, null);
        }

        @Override
        public Checkout checkout(RepositoryRef repository, Path directory) throws RepositoryException {
            try {
                Files.writeString(directory.resolve("README.md"), "# " + repository.name() + "\n");
            } catch (java.io.IOException e) {
                throw new RepositoryException(e.getMessage(), e);
            }
            return new Checkout(repository, directory, "0".repeat(40));
        }

        @Override
        public Patch patch(Checkout checkout) {
            return new Patch("--- a/README.md\n+++ b/README.md\n", List.of("README.md"));
        }

        @Override
        public PullRequestRef publish(Checkout checkout, Patch patch, PullRequestRequest request) {
            throw new UnsupportedOperationException("no pull requests in the benchmark");
        }
    }

    /** The same git work as the engine's repository service, without the batch layer. */
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
                    String base = LocalGitRepositoryService.git(checkout, "rev-parse", "HEAD").trim();
                    Files.writeString(checkout.resolve("README.md"), "# changed by the model\n",
                            StandardOpenOption.APPEND);
                    LocalGitRepositoryService.git(checkout, "add", "-A");
                    String diff = LocalGitRepositoryService.git(checkout, "diff", "--cached", "--binary", base);
                    LocalGitRepositoryService.git(checkout, "diff", "--cached", "--name-only", base);
                    Files.writeString(diffFile, diff);
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
}
