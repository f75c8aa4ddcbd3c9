package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import java.io.Serializable;

/**
 * Builds the engine's repository processor from the settings of a build. It is serializable because it
 * travels to the agent with each repository and is called there.
 */
public interface ProcessorFactory extends Serializable {

    RepositoryProcessor create(AgentSettings settings);
}
