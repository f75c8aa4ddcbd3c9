package io.jenkins.plugins.codybatch.jenkins;

import java.util.List;

/** Turns a selection (owner, topic, name glob, file glob) into repository specs; needs the GitHub API. */
public interface RepositoryResolver {

    /**
     * @throws Exception with an actionable message when the selection cannot be resolved
     */
    List<String> resolve(RepositorySelection selection, AgentSettings settings) throws Exception;
}
