package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;

/**
 * One repository of a batch as summary.json lists it.
 *
 * @param spec      the repository as the job named it
 * @param directory its folder in the output, relative to the output folder (repos/owner__name)
 * @param result    the content of its result.json once final; null while PENDING or RUNNING
 */
public record RepositoryEntry(String spec, String directory, RepoStatus status, RepoResult result) {

    public RepositoryEntry with(RepoStatus newStatus, RepoResult newResult) {
        return new RepositoryEntry(spec, directory, newStatus, newResult);
    }
}
