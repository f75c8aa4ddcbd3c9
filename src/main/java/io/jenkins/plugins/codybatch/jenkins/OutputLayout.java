package io.jenkins.plugins.codybatch.jenkins;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The output folder layout, the same as the CLI's: {@code summary.json} and {@code repos/<dir>/} with
 * patch.diff, transcript.jsonl, result.json (and report.md for analysis jobs). In Jenkins the folder is
 * {@value #ROOT} in the workspace and in the build's artifacts.
 */
final class OutputLayout {

    static final String ROOT = "cody-batch";
    static final String REPOS = "repos";
    static final String SUMMARY = "summary.json";
    static final String RESULT = "result.json";
    static final String PATCH = "patch.diff";
    static final String TRANSCRIPT = "transcript.jsonl";
    /** The only files the build page serves; anything else under repos/ is not offered. */
    static final Set<String> SERVED_FILES = Set.of(PATCH, TRANSCRIPT, RESULT, "report.md");

    private static final Pattern SAFE_DIR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private OutputLayout() {}

    /** owner/name → owner__name; a URL or path → its last segment without .git. */
    static String dirName(String spec) {
        String slug = RepositoryPatterns.slugOf(spec);
        String base = slug != null ? slug.replace("/", "__") : lastSegment(spec);
        String safe = base.replaceAll("[^A-Za-z0-9_.-]", "_").replaceFirst("^[._-]+", "");
        return safe.isEmpty() ? "repository" : safe;
    }

    static boolean isSafeDir(String dir) {
        return dir != null && SAFE_DIR.matcher(dir).matches() && !dir.contains("..");
    }

    static String artifactPath(String dir, String file) {
        return ROOT + "/" + REPOS + "/" + dir + "/" + file;
    }

    private static String lastSegment(String spec) {
        String trimmed = spec.replaceAll("[/\\\\]+$", "").replaceFirst("\\.git$", "");
        int cut = Math.max(trimmed.lastIndexOf('/'), Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf(':')));
        return trimmed.substring(cut + 1);
    }
}
