package io.jenkins.plugins.codybatch.jenkins;

import hudson.model.Result;
import java.util.Locale;

/**
 * The build result of a batch: SUCCESS when no repository failed, {@code whenAllFail} when every
 * repository that ran failed, {@code whenSomeFail} otherwise (also when nothing ran because every
 * repository was skipped).
 */
final class ResultPolicy {

    private ResultPolicy() {}

    static Result of(int total, int failed, int skipped, String whenSomeFail, String whenAllFail) {
        int ran = total - skipped;
        if (ran == 0) {
            return total == 0 ? Result.SUCCESS : parse(whenSomeFail);
        }
        if (failed == 0) {
            return Result.SUCCESS;
        }
        return failed == ran ? parse(whenAllFail) : parse(whenSomeFail);
    }

    static Result parse(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "SUCCESS" -> Result.SUCCESS;
            case "UNSTABLE" -> Result.UNSTABLE;
            case "FAILURE" -> Result.FAILURE;
            default -> throw new IllegalArgumentException("Unknown build result '" + name + "'");
        };
    }
}
