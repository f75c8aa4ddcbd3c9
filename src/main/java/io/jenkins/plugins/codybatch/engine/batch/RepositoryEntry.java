package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One repository of a batch as summary.json lists it.
 *
 * @param spec      the repository as the job named it
 * @param directory its folder in the output, relative to the output folder (repos/owner__name)
 * @param result    the content of its result.json once final; null while PENDING or RUNNING
 */
public record RepositoryEntry(String spec, String directory, RepoStatus status, RepoResult result) {

    /** The entries of a new batch: blank and repeated specs dropped, folder names made unique. */
    public static List<RepositoryEntry> forSpecs(List<String> specs) {
        List<RepositoryEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> directories = new HashSet<>();
        for (String raw : specs) {
            String spec = raw == null ? "" : raw.strip();
            if (spec.isEmpty() || !seen.add(spec)) {
                continue;
            }
            String base = ResultFiles.directoryName(spec);
            String directory = base;
            for (int n = 2; !directories.add(directory.toLowerCase(Locale.ROOT)); n++) {
                directory = base + "-" + n;
            }
            entries.add(new RepositoryEntry(spec, ResultFiles.REPOS + "/" + directory, RepoStatus.PENDING, null));
        }
        return entries;
    }

    public RepositoryEntry with(RepoStatus newStatus, RepoResult newResult) {
        return new RepositoryEntry(spec, directory, newStatus, newResult);
    }
}
