package io.jenkins.plugins.codybatch.engine.repo;

import java.io.Serializable;

/**
 * A repository the batch can work on, as resolved from its spec.
 *
 * @param name          owner/name for GitHub repositories; the directory name for a local path or URL
 * @param cloneUrl      what git clones (https URL, file URL or local path); never carries a token
 * @param baseBranch    the branch to start from (the default branch unless one was given)
 * @param canPush       whether the credentials may push (GitHub permissions); false for local repositories
 * @param gitHubSlug    owner/name on GitHub, or null when the repository is not on GitHub
 */
public record RepositoryRef(String name, String cloneUrl, String baseBranch, boolean canPush, String gitHubSlug)
        implements Serializable {

    /** Folder name under the output's repos/: owner/name becomes owner__name. */
    public String outputDirName() {
        return name.replace("/", "__");
    }
}
