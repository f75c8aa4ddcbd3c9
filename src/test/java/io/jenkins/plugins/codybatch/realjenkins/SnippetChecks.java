package io.jenkins.plugins.codybatch.realjenkins;

final class SnippetChecks {
    private SnippetChecks() {}

    static void run(Smoke smoke) throws Exception {
    }
}
