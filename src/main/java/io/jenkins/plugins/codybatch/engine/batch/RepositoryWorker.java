package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;

/**
 * Where and how one repository of a batch is worked: in a checkout on this machine ({@link LocalWorker}), or on a
 * Jenkins node. The {@link BatchRunner} decides what runs when, times it out and records it; the worker only works.
 */
@FunctionalInterface
public interface RepositoryWorker {

    /**
     * Works one repository; its files (result.json, patch.diff, transcript.jsonl, report.md) land in its folder of
     * the output ({@code entry.directory()}).
     *
     * @param started to call when the work begins on a machine; a repository waiting for one (a Jenkins build
     *                queue) is not yet timed
     * @return the result; a problem of the repository is a FAILED result, not an exception
     * @throws InterruptedException when cancelled or timed out; what was written so far stays
     * @throws Exception            when the repository could not be run at all (it fails with the message)
     */
    RepoResult work(BatchJob job, RepositoryEntry entry, Runnable started) throws Exception;
}
