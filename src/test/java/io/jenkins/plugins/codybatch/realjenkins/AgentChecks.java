package io.jenkins.plugins.codybatch.realjenkins;

final class AgentChecks {
    private AgentChecks() {}

    static void run(Smoke smoke) throws Exception {
    }
}
