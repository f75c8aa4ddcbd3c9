package io.jenkins.plugins.codybatch.jenkins;

/** The agent working on a repository went away (disconnected, removed, its executor killed); retried once elsewhere. */
final class AgentLostException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param node the node that was lost, for steering the retry away from it; null when unknown */
    private final String node;

    AgentLostException(String node, String message) {
        super(message);
        this.node = node;
    }

    String node() {
        return node;
    }
}
