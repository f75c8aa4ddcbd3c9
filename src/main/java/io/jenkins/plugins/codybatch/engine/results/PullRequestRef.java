package io.jenkins.plugins.codybatch.engine.results;

import java.io.Serializable;

/**
 * The pull request a repository's change went to.
 *
 * @param action  {@code created}, {@code updated} (new commit on the same branch) or {@code unchanged}
 * @param warning what went wrong after the pull request was opened (labels, assignees or reviewers refused), for the
 *                caller to record; null when nothing did
 */
public record PullRequestRef(String url, int number, String action, String warning) implements Serializable {

    public PullRequestRef(String url, int number, String action) {
        this(url, number, action, null);
    }
}
