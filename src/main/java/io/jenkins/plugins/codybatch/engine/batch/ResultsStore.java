package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.Transcript;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.IOException;

/**
 * The output folder of a batch as the {@link BatchRunner} sees it (docs/results.md): summary.json and one folder per
 * repository. {@link LocalResultsStore} is a folder on this machine; the Jenkins layer keeps it on the step's node
 * and archives each repository as it finishes.
 *
 * <p>{@code directory} is always a repository's folder relative to the output folder, e.g. {@code repos/acme__app}.
 */
public interface ResultsStore {

    /**
     * Makes the folder ready for a new attempt.
     *
     * @param keepAs where the files of an earlier attempt move, relative to the folder ({@code attempts/1}); null
     *               deletes them
     */
    void prepare(String directory, String keepAs) throws IOException;

    /** The result.json the worker wrote, or null when there is none or it cannot be read. */
    RepoResult recorded(String directory);

    /** What the folder's transcript.jsonl says was spent (also after a cancellation or a crash). */
    AgentOutcome.Spend spent(String directory);

    /** Which of patch.diff, transcript.jsonl and report.md the folder holds. */
    RepoResult.Outputs outputs(String directory);

    void writeResult(String directory, RepoResult result) throws IOException;

    /** The repository is final and its result.json written (the Jenkins layer archives the folder). */
    default void finished(String directory, RepoResult result) {}

    void writeSummary(BatchSummary summary) throws IOException;
}
