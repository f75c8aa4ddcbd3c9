package io.jenkins.plugins.codybatch.engine.repo;

import java.nio.file.Path;

/**
 * A fresh working tree of a repository at its base commit.
 *
 * @param baseCommit the commit the patch is computed against (hex sha1)
 */
public record Checkout(RepositoryRef repository, Path directory, String baseCommit) {}
