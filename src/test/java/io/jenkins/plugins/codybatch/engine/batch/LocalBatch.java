package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.Agent;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A batch as the CLI runs it: the {@link BatchRunner} over the engine's {@link LocalWorker} and
 * {@link LocalResultsStore}, the real {@link DefaultRepositoryProcessor} on real local git repositories
 * ({@link LocalGitRepositoryService}), with the agent the test gives.
 */
final class LocalBatch {

    final Path root;
    final Path out;
    final Path work;
    final LocalGitRepositoryService git = new LocalGitRepositoryService(true);

    LocalBatch(Path root) {
        this.root = root;
        this.out = root.resolve("out");
        this.work = root.resolve("work");
    }

    /** repo-1 .. repo-n under origin/, as local paths. */
    List<String> repositories(int count) throws Exception {
        List<String> specs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            specs.add(LocalGitRepositoryService.createRepository(root.resolve("origin"), "repo-" + i).toString());
        }
        return specs;
    }

    static BatchJob job(JobType type, List<String> repos, int parallelism, PullRequestOptions prs) {
        return new BatchJob("rename-api", type, "Rename oldApi to newApi", repos, null, 0, Limits.defaults(),
                parallelism, List.of(), prs);
    }

    static BatchJob job(List<String> repos, int parallelism) {
        return job(JobType.CODE_PATTERN_UPDATE, repos, parallelism, null);
    }

    static BatchRunner.Options options(Duration timeout) {
        return new BatchRunner.Options(timeout, Duration.ofSeconds(20), Duration.ofMillis(20), Host.CLI);
    }

    LocalWorker worker(Agent agent) {
        return new LocalWorker(new DefaultRepositoryProcessor(agent, git, AllowlistCheck.allowAll(), Clock.systemUTC()),
                out, work);
    }

    BatchRunner runner(Agent agent) {
        return runner(agent, Duration.ofMinutes(5), ProgressListener.NONE);
    }

    BatchRunner runner(Agent agent, Duration timeout, ProgressListener listener) {
        return runner(worker(agent), timeout, listener, AllowlistCheck.allowAll(), Clock.systemUTC());
    }

    BatchRunner runner(RepositoryWorker worker, Duration timeout, ProgressListener listener, AllowlistCheck allowlist,
            Clock clock) {
        return new BatchRunner(worker, new LocalResultsStore(out), options(timeout), listener, allowlist, clock);
    }

    BatchSummary summaryOnDisk() throws Exception {
        return ResultFiles.readSummary(out);
    }

    /** The results by the last segment of the spec (repo-1, ...). */
    static Map<String, RepoResult> byRepository(BatchSummary summary) {
        return summary.repositories().stream()
                .collect(Collectors.toMap(e -> Path.of(e.spec()).getFileName().toString(), RepositoryEntry::result));
    }
}
