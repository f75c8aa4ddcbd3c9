package io.jenkins.plugins.codybatch.engine.results;

/** Dollar amounts as the results show them: rounded to a millionth, so sums carry no floating-point noise. */
public final class Money {

    private Money() {}

    public static double round(double dollars) {
        return Math.round(dollars * 1_000_000d) / 1_000_000d;
    }
}
