package io.jenkins.plugins.codybatch.engine.options;

import io.jenkins.plugins.codybatch.engine.batch.DurationText;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * The check of one option's value: null when it is fine, else the problem as a sentence that names the option as
 * {@code {self}} (and other options as {@code {stepName}}); {@link JobOption#problem} puts in the names the user
 * knows, CLI flags or step options. Values arrive normalized: numbers as {@link Number}, lists as
 * {@code List<String>}, flags as {@link Boolean}, everything else as {@link String}.
 */
@FunctionalInterface
public interface OptionCheck {

    String problem(Object value);

    OptionCheck NONE = value -> null;

    /** Budgets and counts where 0 means "no limit" or "the default". */
    static OptionCheck notNegative() {
        return value -> number(value) < 0 ? "{self} must be 0 or more, was " + format(number(value)) : null;
    }

    /** @param minMeans what {@code min} stands for, e.g. "check only, no repair" */
    static OptionCheck between(long min, long max, String minMeans) {
        return value -> {
            double n = number(value);
            return n < min || n > max ? "{self} must be between " + min + (minMeans == null ? "" : " (" + minMeans + ")")
                    + " and " + max + ", was " + format(n) : null;
        };
    }

    /** 1 to {@code max}, or 0 for the default. */
    static OptionCheck countOrDefault(long max) {
        return value -> {
            double n = number(value);
            return n < 0 || n > max ? "{self} must be between 1 and " + max + " (or 0 for the default), was " + format(n)
                    : null;
        };
    }

    static OptionCheck notBlank(String what) {
        return value -> value instanceof String text && text.isBlank() ? "{self} is empty; " + what : null;
    }

    static OptionCheck duration() {
        return value -> {
            try {
                DurationText.parse((String) value);
                return null;
            } catch (IllegalArgumentException e) {
                return "{self} " + e.getMessage();
            }
        };
    }

    static OptionCheck jobType() {
        return value -> {
            try {
                JobType.fromId((String) value);
                return null;
            } catch (IllegalArgumentException e) {
                return "{self}: " + e.getMessage();
            }
        };
    }

    /** A Jenkins build result a batch may set. */
    static OptionCheck buildResult() {
        Set<String> results = Set.of("SUCCESS", "UNSTABLE", "FAILURE");
        return value -> results.contains(((String) value).toUpperCase(Locale.ROOT)) ? null
                : "{self} must be SUCCESS, UNSTABLE or FAILURE, was '" + value + "'";
    }

    static OptionCheck branch() {
        return value -> {
            String branch = ((String) value).strip();
            return branch.contains("..") || branch.startsWith("-") || branch.startsWith("/") || branch.endsWith("/")
                    || branch.endsWith(".lock") || !branch.matches("[A-Za-z0-9._/-]+")
                    ? "{self} '" + branch + "' is not a valid git branch name: use letters, digits, '.', '_', '-' and"
                            + " '/' (for example cody-batch/update-logging)"
                    : null;
        };
    }

    /**
     * Each repository spec: owner/name, a git URL or a path, never starting with '-' (git would read an option);
     * spaces only in a path that says it is one (/, ./, ../, ~/, C:\), where they are the folder's own.
     */
    static OptionCheck repositories() {
        return value -> {
            for (String spec : list(value)) {
                boolean path = spec.matches("(/|\\.{1,2}/|~/|[A-Za-z]:[\\\\/]).*");
                if (spec.startsWith("-") || !path && spec.chars().anyMatch(Character::isWhitespace)) {
                    return "{self}: '" + spec + "' is not a repository: use owner/name, a git URL or a path, not"
                            + " starting with '-' (and without spaces, unless it is a path such as ./my repo)";
                }
            }
            return null;
        };
    }

    /** A glob (or each of a list) that Java's glob matcher accepts. */
    static OptionCheck globs() {
        return value -> {
            for (String glob : value instanceof String one ? List.of(one) : list(value)) {
                try {
                    FileSystems.getDefault().getPathMatcher("glob:" + glob.strip());
                } catch (PatternSyntaxException e) {
                    return "{self} '" + glob + "' is not a valid glob (" + e.getDescription() + "); use * and ?, e.g."
                            + " service-*";
                }
            }
            return null;
        };
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return (List<String>) value;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
