package io.jenkins.plugins.codybatch.engine.repo.github;

import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;

/** Supplies the token for GitHub API calls and HTTPS git: a personal access token or a GitHub App installation token. */
public interface GitHubAuth {

    /** A currently valid token; never log or print it. */
    String token() throws RepositoryException;

    /** What the credentials are, for messages (never the secret). */
    String describe();
}
