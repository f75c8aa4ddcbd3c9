package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySelection;
import java.util.List;

/** Turns a selection (owner, topic, name glob, file glob) into owner/name specs through the GitHub API. */
public interface RepositoryResolver {

    /**
     * @throws Exception with an actionable message when the selection cannot be resolved
     */
    List<String> resolve(RepositorySelection selection, EngineSettings settings) throws Exception;
}
