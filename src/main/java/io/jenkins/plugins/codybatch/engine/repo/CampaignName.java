package io.jenkins.plugins.codybatch.engine.repo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of a campaign: the job name names the branch (cody-batch/&lt;slug&gt;), and the branch finds the
 * pull request again on the next run. So the name must stay the same from run to run: in Jenkins the job's full
 * name, in the CLI {@link #fromPrompt} unless --name is given.
 */
public final class CampaignName {

    private static final int MAX_SLUG = 60;
    private static final int PROMPT_WORDS_SLUG = 40;

    private CampaignName() {}

    /**
     * A name that stays the same for the same prompt: its first words as a slug plus a short hash of the whole
     * prompt (whitespace-insensitive), e.g. {@code replace-foo-bar-with-foo-baz-3f9a1c2e}. A changed prompt is a
     * new campaign with its own branch.
     */
    public static String fromPrompt(String prompt) {
        String normalized = prompt == null ? "" : prompt.strip().replaceAll("\\s+", " ");
        String words = slug(normalized);
        if (words.length() > PROMPT_WORDS_SLUG) {
            String cut = words.substring(0, PROMPT_WORDS_SLUG);
            int lastDash = cut.lastIndexOf('-');
            words = lastDash > PROMPT_WORDS_SLUG / 2 ? cut.substring(0, lastDash) : cut.replaceAll("-+$", "");
        }
        return words + "-" + sha256(normalized).substring(0, 8);
    }

    /** The branch of a job: the one the batch names, else {@code prefix} + the slug of the job name. */
    public static String branch(String prefix, String jobName, String explicitBranch) {
        if (explicitBranch != null && !explicitBranch.isBlank()) {
            return explicitBranch.trim();
        }
        return prefix + slug(jobName);
    }

    /** Lower case, each run of other characters than a-z and 0-9 turned into "-", at most 60 characters. */
    public static String slug(String jobName) {
        String slug = (jobName == null ? "" : jobName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        slug = slug.length() > MAX_SLUG ? slug.substring(0, MAX_SLUG).replaceAll("-+$", "") : slug;
        return slug.isEmpty() ? "job" : slug;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
