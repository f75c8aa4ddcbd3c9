package io.jenkins.plugins.codybatch.engine.claude;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Replaces secret values (API keys, tokens) with {@code ****} in any text about to be written or shown. */
public final class Redactor {

    public static final String MASK = "****";
    /** Shorter values would mask ordinary words; real keys and tokens are far longer. */
    private static final int MIN_SECRET_LENGTH = 6;

    private final List<String> secrets;

    public Redactor(Collection<String> secrets) {
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .map(String::trim)
                .filter(s -> s.length() >= MIN_SECRET_LENGTH)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public static Redactor of(String... secrets) {
        return new Redactor(java.util.Arrays.asList(secrets));
    }

    public Redactor plus(Collection<String> more) {
        List<String> all = new java.util.ArrayList<>(secrets);
        all.addAll(more);
        return new Redactor(all);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
