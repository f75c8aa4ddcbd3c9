package io.jenkins.plugins.codybatch.engine.tools;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.function.Predicate;

/** Glob filters on repository-relative paths. A pattern without "/" matches the file name anywhere. */
final class Globs {

    private Globs() {}

    static Predicate<String> compile(String glob) throws ToolException {
        if (glob == null || glob.isBlank()) {
            return path -> true;
        }
        String pattern = glob.trim();
        while (pattern.startsWith("/")) {
            pattern = pattern.substring(1);
        }
        boolean nameOnly = !pattern.contains("/");
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            throw new ToolException("Error: invalid glob '" + glob + "': " + e.getMessage());
        }
        PathMatcher deep = pattern.startsWith("**/") ? FileSystems.getDefault().getPathMatcher("glob:"
                + pattern.substring(3)) : null;
        return path -> {
            Path p = Path.of(path);
            if (nameOnly) {
                return matcher.matches(p.getFileName());
            }
            return matcher.matches(p) || (deep != null && deep.matches(p)); // "**/x" also matches top-level x
        };
    }
}
