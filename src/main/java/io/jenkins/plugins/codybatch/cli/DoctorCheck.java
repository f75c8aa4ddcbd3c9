package io.jenkins.plugins.codybatch.cli;

/** One check of {@code cody-batch doctor}. Never throws: a problem is a failed {@link Result}. */
public interface DoctorCheck {

    /** @param detail what was found, or what is wrong and what to do; never a secret */
    record Result(boolean ok, String detail) {

        public static Result ok(String detail) {
            return new Result(true, detail);
        }

        public static Result failed(String detail) {
            return new Result(false, detail);
        }
    }

    String name();

    Result run();
}
