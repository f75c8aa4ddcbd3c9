package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.nio.file.Path;

/**
 * Works one repository of a batch from start to end: allowlist, resolve, clone, tool loop, patch,
 * pull request; writes patch.diff, transcript.jsonl, result.json (and report.md for analysis jobs)
 * into {@code repoOutputDir}. The batch runner calls it once per repository; the Jenkins layer calls it
 * on an agent. Never throws for a problem of that repository: it returns a FAILED or SKIPPED result.
 */
public interface RepositoryProcessor {

    /**
     * @param workDir       a fresh, empty folder for the checkout, deleted afterwards by the caller
     * @param repoOutputDir the repository's folder in the output (repos/&lt;owner&gt;__&lt;name&gt;)
     * @throws InterruptedException when cancelled; what was written so far stays
     */
    RepoResult process(BatchJob job, String spec, Path workDir, Path repoOutputDir) throws InterruptedException;
}
