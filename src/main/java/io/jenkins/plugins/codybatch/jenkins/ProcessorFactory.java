package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import java.io.Serializable;

/**
 * Builds the engine's repository processor for a batch. It is serializable because it travels to the agent
 * with each repository and is called there.
 */
public interface ProcessorFactory extends Serializable {

    /**
     * @param jobSpend the controller's meter of the job's spend (a remoting proxy on an agent): the conversations add
     *                 to it and stop on it
     * @throws RepositoryException with an actionable message when the settings cannot work (e.g. GitHub App set-up)
     */
    RepositoryProcessor create(EngineSettings settings, BatchJob job, SharedSpend jobSpend) throws RepositoryException;
}
