package io.jenkins.plugins.codybatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Checks that the git command line can be run. */
public final class GitCheck implements DoctorCheck {

    private final String executable;

    public GitCheck(String executable) {
        this.executable = executable;
    }

    @Override
    public String name() {
        return "git";
    }

    @Override
    public Result run() {
        try {
            Process process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Result.failed("'" + executable + " --version' did not answer within 30 s");
            }
            return process.exitValue() == 0
                    ? Result.ok(output)
                    : Result.failed("'" + executable + " --version' failed (exit " + process.exitValue() + "): " + output);
        } catch (IOException e) {
            return Result.failed("'" + executable + "' could not be run (" + e.getMessage()
                    + "); install git and put it on the PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted");
        }
    }
}
