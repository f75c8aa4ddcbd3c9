package io.jenkins.plugins.codybatch.engine.batch;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them in options: 90s, 30m, 2h. */
public final class DurationText {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h)");

    private DurationText() {}

    /** @throws IllegalArgumentException "must look like 90s, 30m or 2h, was '...'" */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("must look like 90s, 30m or 2h, was '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The shortest of 90s, 30m, 2h that says {@code duration} exactly. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
