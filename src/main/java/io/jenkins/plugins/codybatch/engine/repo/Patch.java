package io.jenkins.plugins.codybatch.engine.repo;

import java.util.List;

/**
 * The whole change of a working tree against its base commit, as a {@code git apply}-compatible unified diff
 * (new files included, binary changes in git's binary format).
 *
 * @param filesChanged paths relative to the repository root, sorted
 */
public record Patch(String diff, List<String> filesChanged) {

    public Patch {
        filesChanged = List.copyOf(filesChanged);
    }

    public boolean isEmpty() {
        return filesChanged.isEmpty();
    }
}
