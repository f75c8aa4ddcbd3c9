package io.jenkins.plugins.codybatch.engine.tools;

import java.nio.charset.StandardCharsets;

/**
 * Finds a piece of plain text every match of a regular expression must contain, so files without it can be
 * skipped by a byte search. Conservative: gives up (null) on alternation and inline flags, and ignores
 * anything inside groups or classes and any character made optional by a quantifier.
 */
final class RequiredLiteral {

    private static final int MIN_USEFUL = 3;

    private RequiredLiteral() {}

    static byte[] of(String regex) {
        if (regex.contains("|") || regex.contains("(?") || regex.contains("\\Q")) {
            return null;
        }
        String best = "";
        StringBuilder run = new StringBuilder();
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (inClass) {
                if (c == '\\') {
                    i++;
                } else if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(i + 1);
                i++;
                if (depth == 0 && !Character.isLetterOrDigit(next)) {
                    run.append(next); // an escaped punctuation character stands for itself
                    continue;
                }
                best = longer(best, run);
                run.setLength(0); // \d, \w, \b, \1 ...
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    best = longer(best, run);
                    run.setLength(0);
                }
                case '(' -> {
                    depth++;
                    best = longer(best, run);
                    run.setLength(0);
                }
                case ')' -> {
                    depth = Math.max(0, depth - 1);
                    run.setLength(0);
                }
                case '?', '*', '{' -> {
                    if (run.length() > 0) {
                        run.setLength(run.length() - 1); // the preceding character is optional
                    }
                    best = longer(best, run);
                    run.setLength(0);
                    if (c == '{') {
                        int close = regex.indexOf('}', i);
                        i = close < 0 ? regex.length() : close;
                    }
                }
                case '+' -> {
                    best = longer(best, run);
                    run.setLength(0);
                }
                case '.', '^', '$' -> {
                    best = longer(best, run);
                    run.setLength(0);
                }
                default -> {
                    if (depth == 0) {
                        run.append(c);
                    }
                }
            }
        }
        best = longer(best, run);
        return best.length() >= MIN_USEFUL ? best.getBytes(StandardCharsets.UTF_8) : null;
    }

    private static String longer(String best, StringBuilder run) {
        return run.length() > best.length() ? run.toString() : best;
    }
}
