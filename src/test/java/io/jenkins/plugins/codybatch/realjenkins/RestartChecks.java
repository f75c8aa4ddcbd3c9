package io.jenkins.plugins.codybatch.realjenkins;

final class RestartChecks {
    private RestartChecks() {}

    static void run(Smoke smoke) throws Exception {
    }
}
