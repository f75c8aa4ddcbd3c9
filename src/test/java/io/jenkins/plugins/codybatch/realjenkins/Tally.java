package io.jenkins.plugins.codybatch.realjenkins;

import java.util.ArrayList;
import java.util.List;

/** The smoke suite's checks: each passes with a detail or fails with why; the last line counts them. */
final class Tally {

    interface Check {
        /** @return what was seen, for the report */
        String run() throws Exception;
    }

    private final List<String> failures = new ArrayList<>();
    private int passed;

    /** Runs a check; a throw fails it (with the message), it never stops the suite. */
    boolean check(String name, Check check) {
        long start = System.nanoTime();
        try {
            String detail = check.run();
            passed++;
            System.out.printf("PASS  %s (%.1f s)%s%n", name, seconds(start), detail == null ? "" : ": " + detail);
            return true;
        } catch (Throwable t) {
            String why = t instanceof AssertionError || t instanceof IllegalStateException ? String.valueOf(t.getMessage())
                    : t.toString();
            failures.add(name + ": " + why);
            System.out.printf("FAIL  %s (%.1f s): %s%n", name, seconds(start), why);
            if (!(t instanceof AssertionError || t instanceof IllegalStateException)) {
                t.printStackTrace(System.out);
            }
            return false;
        } finally {
            System.out.flush();
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    int failed() {
        return failures.size();
    }

    String line() {
        return passed + " passed, " + failures.size() + " failed";
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
