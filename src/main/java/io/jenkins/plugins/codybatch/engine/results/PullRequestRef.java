package io.jenkins.plugins.codybatch.engine.results;

import java.io.Serializable;

/**
 * The pull request a repository's change went to.
 *
 * @param action {@code created}, {@code updated} (new commit on the same branch) or {@code unchanged}
 */
public record PullRequestRef(String url, int number, String action) implements Serializable {}
