package io.jenkins.plugins.codybatch.engine.repo;

import java.io.Serializable;

/**
 * Repositories picked by rule rather than listed: every repository of an owner (user or organization), narrowed
 * by the optional filters.
 *
 * @param topic           keep only repositories with this topic, or null
 * @param nameGlob        keep only names (without owner) matching this glob, e.g. {@code service-*}, or null
 * @param containsFileGlob keep only repositories whose default branch has a file matching this glob
 *                         (a glob without "/" such as {@code Dockerfile} matches the file name at any depth;
 *                         one with "/" such as {@code src/main/*.java} matches the whole path), or null
 */
public record RepositorySelection(
        String owner, String topic, String nameGlob, boolean includeArchived, boolean includeForks, String containsFileGlob)
        implements Serializable {

    public static RepositorySelection allOf(String owner) {
        return new RepositorySelection(owner, null, null, false, false, null);
    }
}
