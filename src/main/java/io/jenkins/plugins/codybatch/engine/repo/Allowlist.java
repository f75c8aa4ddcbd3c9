package io.jenkins.plugins.codybatch.engine.repo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * owner/name glob patterns a batch may touch ({@code acme/*}, {@code acme/service-?}, {@code *}). {@code *} and
 * {@code ?} never match "/". Matching ignores case, as GitHub does. An empty allowlist allows everything.
 */
public final class Allowlist {

    private final List<String> patterns;
    private final List<Pattern> compiled;
    /** An administrator's allowlist this one cannot widen, or null. */
    private final Allowlist outer;

    private Allowlist(List<String> patterns, Allowlist outer) {
        this.patterns = List.copyOf(patterns);
        this.compiled = this.patterns.stream().map(Allowlist::toRegex).toList();
        this.outer = outer;
    }

    private Allowlist(List<String> patterns) {
        this(patterns, null);
    }

    /** This allowlist, narrowed by {@code outer}: a repository must be allowed by both. */
    public Allowlist within(Allowlist outer) {
        return new Allowlist(patterns, outer);
    }

    public static Allowlist of(List<String> patterns) {
        return new Allowlist(patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).toList());
    }

    /** Parses the ALLOWED_REPOSITORIES form: patterns separated by commas and/or whitespace. */
    public static Allowlist parse(String text) {
        return of(text == null ? List.of() : Arrays.asList(text.split("[,\\s]+")));
    }

    public static Allowlist allowAll() {
        return new Allowlist(List.of());
    }

    public List<String> patterns() {
        return patterns;
    }

    public boolean allows(String ownerAndName) {
        return ownPatternsAllow(ownerAndName) && (outer == null || outer.allows(ownerAndName));
    }

    private boolean ownPatternsAllow(String ownerAndName) {
        String name = ownerAndName.toLowerCase(Locale.ROOT);
        return compiled.isEmpty() || compiled.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** Why the repository is refused, or empty when it is allowed. */
    public Optional<String> refusal(String ownerAndName) {
        if (outer != null && !outer.allows(ownerAndName)) {
            return outer.refusal(ownerAndName);
        }
        if (ownPatternsAllow(ownerAndName)) {
            return Optional.empty();
        }
        return Optional.of(ownerAndName + " is not in the allowed repositories (" + String.join(", ", patterns)
                + "); it was skipped. Add a pattern that matches it to work on it.");
    }

    private static Pattern toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return patterns.isEmpty() ? "(all repositories)" : String.join(", ", patterns);
    }
}
