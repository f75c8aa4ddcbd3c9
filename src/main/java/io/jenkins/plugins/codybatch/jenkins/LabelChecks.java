package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.Node;
import java.util.Set;

/** What is checked about the label of a labelled batch before its repositories are queued. */
final class LabelChecks {

    private LabelChecks() {}

    /**
     * A configuration problem with the label, or null: no agent or cloud has it (tasks would wait forever), or the
     * step's own node is the only one with it and the step holds its only executor (a deadlock).
     *
     * @param stepNode the node the step runs on, null when not known
     */
    static String problem(QueueFanOut.BuildQueue buildQueue, String expression, Node stepNode) {
        Label label = buildQueue.labels().apply(expression);
        if (label == null || label.isEmpty()) {
            return "No agent or cloud matches the label '" + expression + "': fix the label expression (or the"
                    + " global default agent label), or give an agent that label.";
        }
        if (stepNode != null && label.getClouds().isEmpty() && label.getNodes().equals(Set.of(stepNode))
                && stepNode.getNumExecutors() <= 1) {
            String name = QueueFanOut.nodeName(stepNode);
            return "The step runs on " + name + ", the only node labelled '" + expression + "', and holds its only"
                    + " executor, so the repositories would wait for it forever: give " + name + " more executors,"
                    + " another agent that label, or run the step on a node without it.";
        }
        return null;
    }

    /** A note for the log when the step's own node has the label (its executor stays busy meanwhile), or null. */
    static String stepNodeNote(Label label, String expression, Node stepNode) {
        if (stepNode == null || label == null || !label.contains(stepNode)) {
            return null;
        }
        return "Note: this step holds an executor of " + QueueFanOut.nodeName(stepNode) + ", which is labelled '"
                + expression + "' too; the repositories use its other executors and those of other agents with the"
                + " label.";
    }

    /** The node a workspace is on, or null when not known. */
    static Node nodeOf(FilePath workspace) {
        Computer computer = workspace.toComputer();
        return computer == null ? null : computer.getNode();
    }
}
