package io.jenkins.plugins.codybatch.jenkins;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * owner/name glob patterns ({@code acme/*}, {@code acme/service-?}, {@code *}{@code /docs}) and the
 * effective allowlist: a repository must match the administrator's list and, when the job narrows it
 * further, the job's list too. A job can therefore only narrow, never widen, what the administrator allows.
 */
final class RepositoryPatterns {

    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    private RepositoryPatterns() {}

    static boolean isSlug(String spec) {
        return SLUG.matcher(spec).matches();
    }

    /** owner/name of a spec written as owner/name or as a github.com URL; null for anything else. */
    static String slugOf(String spec) {
        if (isSlug(spec)) {
            return spec;
        }
        try {
            URI uri = URI.create(spec);
            if ("github.com".equalsIgnoreCase(uri.getHost()) && uri.getPath() != null) {
                String path = uri.getPath().replaceFirst("^/", "").replaceFirst("\\.git$", "").replaceFirst("/$", "");
                return isSlug(path) ? path : null;
            }
        } catch (IllegalArgumentException e) {
            // not a URL: a local path or something else
        }
        return null;
    }

    static boolean matches(String pattern, String slug) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return slug.toLowerCase(Locale.ROOT).matches(regex.toString());
    }

    static boolean matchesAny(List<String> patterns, String slug) {
        return patterns.stream().anyMatch(pattern -> matches(pattern, slug));
    }

    /**
     * Why a spec is outside the effective allowlist, or null when it may run.
     *
     * @param admin the global list; empty allows everything
     * @param job   the job's own list; empty does not narrow
     */
    static String rejection(String spec, List<String> admin, List<String> job) {
        if (admin.isEmpty() && job.isEmpty()) {
            return null;
        }
        String slug = slugOf(spec);
        if (slug == null) {
            return "'" + spec + "' is not a GitHub owner/name, so it cannot be checked against the allowed "
                    + "repository patterns; use owner/name or ask an administrator to clear the allowlist.";
        }
        if (!admin.isEmpty() && !matchesAny(admin, slug)) {
            return slug + " is not allowed by the administrator's repository patterns " + admin
                    + " (Manage Jenkins > System > Cody Batch).";
        }
        if (!job.isEmpty() && !matchesAny(job, slug)) {
            return slug + " is not in this job's allowedRepositories " + job + ".";
        }
        return null;
    }
}
