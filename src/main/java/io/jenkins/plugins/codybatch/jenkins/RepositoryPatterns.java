package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.batch.AllowlistCheck;
import io.jenkins.plugins.codybatch.engine.repo.Allowlist;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Repository specs as owner/name, and the controller's early allowlist check: a repository must match the
 * administrator's list and, when the job narrows it further, the job's list too (the engine's {@link Allowlist},
 * which the engine applies again on the agent). A job can only narrow, never widen, what the administrator allows.
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

    /** The allowlist the batch runner applies before a repository is handed to a node. */
    static AllowlistCheck check(List<String> admin, List<String> job) {
        return spec -> rejection(spec, admin, job);
    }

    /**
     * Why a spec is outside the effective allowlist (the job's list within the administrator's, as the engine
     * applies it), or null when it may run.
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
        return Allowlist.of(job).within(Allowlist.of(admin)).refusal(slug)
                .map(why -> why + " (Administrator's patterns: Manage Jenkins > System > Cody Batch; this job's:"
                        + " allowedRepositories.)")
                .orElse(null);
    }
}
