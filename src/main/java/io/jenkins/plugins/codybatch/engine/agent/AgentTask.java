package io.jenkins.plugins.codybatch.engine.agent;

import io.jenkins.plugins.codybatch.engine.results.JobType;
import java.nio.file.Path;

/**
 * One conversation to run.
 *
 * @param repository display name (owner/name) used in the system prompt and the transcript
 * @param checkout   the repository's working tree; tools never reach outside it
 * @param type       ANALYSIS gets read-only tools
 * @param transcript where the JSONL transcript is written, one event a line, flushed after every event
 * @param check      run each time the model ends its turn; null for none
 * @param jobSpend   what the job's conversations spend together, for the job's budget; null for none
 */
public record AgentTask(String repository, Path checkout, String prompt, JobType type, Limits limits, Path transcript,
        TurnCheck check, SharedSpend jobSpend) {

    public AgentTask {
        jobSpend = jobSpend == null ? SharedSpend.NONE : jobSpend;
    }

    /** A task outside any job budget. */
    public AgentTask(String repository, Path checkout, String prompt, JobType type, Limits limits, Path transcript,
            TurnCheck check) {
        this(repository, checkout, prompt, type, limits, transcript, check, null);
    }

    /** A task without a check. */
    public AgentTask(String repository, Path checkout, String prompt, JobType type, Limits limits, Path transcript) {
        this(repository, checkout, prompt, type, limits, transcript, null, null);
    }
}
