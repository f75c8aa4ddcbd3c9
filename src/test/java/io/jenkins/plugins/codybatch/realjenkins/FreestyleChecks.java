package io.jenkins.plugins.codybatch.realjenkins;

final class FreestyleChecks {
    private FreestyleChecks() {}

    static void run(Smoke smoke) throws Exception {
    }
}
