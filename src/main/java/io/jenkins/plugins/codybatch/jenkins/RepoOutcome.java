package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.Serializable;
import java.util.List;

/**
 * What came back for one repository: the engine's result and the files written for it, as paths
 * relative to the output root (repos/&lt;dir&gt;/patch.diff, ...), which are archived as they are.
 */
public record RepoOutcome(RepoTask task, RepoResult result, List<String> files) implements Serializable {

    public RepoOutcome {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
