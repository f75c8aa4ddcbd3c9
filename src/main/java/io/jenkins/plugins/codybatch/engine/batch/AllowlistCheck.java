package io.jenkins.plugins.codybatch.engine.batch;

/**
 * Decides whether the batch may work on a repository. The glob allowlist of the repository layer plugs in here
 * (for instance {@code allowlist::refusal}).
 */
@FunctionalInterface
public interface AllowlistCheck {

    /**
     * @param repository owner/name, or a spec as the job names it (a local path, a git URL)
     * @return why the repository may not be worked on, as a sentence a person can act on; null when it may
     */
    String refusal(String repository);

    static AllowlistCheck allowAll() {
        return repository -> null;
    }
}
