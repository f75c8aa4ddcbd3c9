package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.model.Executor;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.model.labels.LabelAtom;
import hudson.model.queue.ScheduleResult;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryWorker;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * The labelled fan-out: each repository becomes a build-queue task of its own on an agent matching the label, so
 * clouds can provision agents for a large batch. On the agent it is worked in a folder of its own next to the job's
 * workspace; its files are then copied into the step's output folder, where they are archived as for the local
 * fan-out. An agent lost mid-way (disconnected, removed) gets the repository tried once more, preferably on another
 * agent. The batch runner keeps the rest of the policy (parallelism, timeouts, abort).
 */
final class QueueFanOut implements RepositoryWorker {

    /** What the fan-out needs from Jenkins; tests pass their own. */
    record BuildQueue(Queue queue, Function<String, Label> labels, Supplier<Node> currentNode) {

        static BuildQueue jenkins() {
            return new BuildQueue(Queue.getInstance(), expression -> Jenkins.get().getLabel(expression),
                    QueueFanOut::executorNode);
        }
    }

    static final String AGENT_FOLDER_SUFFIX = "@cody-batch";

    private final BuildQueue buildQueue;
    private final String labelExpression;
    private final Run<?, ?> run;
    private final Authentication authentication;
    private final EngineSettings settings;
    private final ProcessorFactory factory;
    private final FilePath outputRoot;
    private final PrintStream log;
    private final Redactor mask;

    /** @param authentication the build's, under which the tasks run (null: Jenkins' default for the task) */
    QueueFanOut(BuildQueue buildQueue, String labelExpression, Run<?, ?> run, Authentication authentication,
            EngineSettings settings, ProcessorFactory factory, FilePath outputRoot, PrintStream log) {
        this.buildQueue = buildQueue;
        this.labelExpression = labelExpression;
        this.run = run;
        this.authentication = authentication;
        this.settings = settings;
        this.factory = factory;
        this.outputRoot = outputRoot;
        this.log = log;
        this.mask = EngineWiring.redactor(settings);
    }

    /** A configuration problem with the label (no agent or cloud has it, so tasks would wait forever), or null. */
    static String labelProblem(BuildQueue buildQueue, String expression) {
        Label label = buildQueue.labels().apply(expression);
        if (label == null || label.isEmpty()) {
            return "No agent or cloud matches the label '" + expression + "': fix the label expression (or the"
                    + " global default agent label), or give an agent that label.";
        }
        return null;
    }

    @Override
    public RepoResult work(BatchJob job, RepositoryEntry entry, Runnable started)
            throws IOException, InterruptedException {
        String spec = entry.spec();
        try {
            return attempt(job, entry, labelExpression, started);
        } catch (AgentLostException first) {
            log.println(CodyBatchRunner.PREFIX + spec + ": " + first.getMessage() + "; trying once more");
            try {
                return attempt(job, entry, retryLabel(spec, first.node()), started);
            } catch (AgentLostException second) {
                throw new IOException("the agent was lost twice while working on it (first: " + first.getMessage()
                        + "; then: " + second.getMessage() + "). Check the agents, then retry the failed repositories");
            }
        }
    }

    /** The label without the node that was lost, when another agent or cloud has it. */
    private String retryLabel(String spec, String lostNode) {
        if (lostNode == null) {
            return labelExpression;
        }
        String elsewhere = "(" + labelExpression + ")&&!" + LabelAtom.escape(lostNode);
        Label label = buildQueue.labels().apply(elsewhere);
        if (label != null && !label.isEmpty()) {
            return elsewhere;
        }
        log.println(CodyBatchRunner.PREFIX + spec + ": no other agent has the label; the retry may use " + lostNode
                + " again");
        return labelExpression;
    }

    private RepoResult attempt(BatchJob job, RepositoryEntry entry, String expression, Runnable started)
            throws IOException, InterruptedException, AgentLostException {
        Label label = buildQueue.labels().apply(expression);
        RepositoryQueueTask task = new RepositoryQueueTask(run, outputRoot.getName(), entry.spec(), label, authentication,
                buildQueue.currentNode(), node -> workOn(node, job, entry), started);
        ScheduleResult scheduled = buildQueue.queue().schedule2(task, 0, List.of());
        if (scheduled == null || !scheduled.isAccepted() || scheduled.getItem() == null) {
            throw new IOException("the build queue refused its task (a plugin vetoed it); check the queue-related"
                    + " plugins, then retry the failed repositories");
        }
        task.queued(scheduled.getItem());
        log.println(CodyBatchRunner.PREFIX + entry.spec() + ": waiting in the build queue for an agent labelled '"
                + expression + "'");
        try {
            return task.await();
        } catch (InterruptedException e) {
            task.abort(buildQueue.queue());
            throw e;
        }
    }

    /** Runs on the executor's thread: works the repository on its node and copies the files back. */
    private RepoResult workOn(Node node, BatchJob job, RepositoryEntry entry)
            throws InterruptedException, AgentLostException, IOException {
        String nodeName = nodeName(node);
        FilePath agentRoot = agentRoot(node, entry);
        if (agentRoot == null) {
            throw lost(nodeName, "the agent is offline");
        }
        log.println(CodyBatchRunner.PREFIX + entry.spec() + ": running on " + nodeName + " in " + agentRoot.getRemote());
        ProcessRepositoryCallable.Wire wire;
        try {
            wire = agentRoot.act(new ProcessRepositoryCallable(job, entry, settings, factory));
        } catch (IOException | RuntimeException e) { // a lost channel surfaces as either (RequestAbortedException)
            throw lost(nodeName, String.valueOf(e.getMessage()));
        }
        try {
            for (String file : wire.files()) {
                if (!OutputLayout.isRepositoryFile(file, entry.directory())) {
                    log.println(CodyBatchRunner.PREFIX + entry.spec() + ": ignored an unexpected file from " + nodeName
                            + ": " + mask.redact(file));
                    continue;
                }
                agentRoot.child(file).copyTo(outputRoot.child(file));
            }
        } catch (IOException e) {
            throw lost(nodeName, "it finished there, but its files could not be copied back: " + e.getMessage());
        }
        try {
            agentRoot.deleteRecursive();
        } catch (IOException e) {
            log.println(CodyBatchRunner.PREFIX + entry.spec() + ": could not delete " + agentRoot.getRemote() + " on "
                    + nodeName + ": " + mask.redact(String.valueOf(e.getMessage())));
        }
        return wire.result();
    }

    /** A folder of its own per repository next to the job's workspace on the node (or under the node's root). */
    private FilePath agentRoot(Node node, RepositoryEntry entry) {
        String folder = run.getNumber() + "-" + outputRoot.getName() + "-"
                + entry.directory().substring(entry.directory().lastIndexOf('/') + 1);
        if (run.getParent() instanceof TopLevelItem item) {
            FilePath workspace = node.getWorkspaceFor(item);
            return workspace == null ? null : workspace.withSuffix(AGENT_FOLDER_SUFFIX).child(folder);
        }
        FilePath root = node.getRootPath();
        return root == null ? null : root.child("cody-batch").child(folder);
    }

    private AgentLostException lost(String nodeName, String why) {
        return new AgentLostException(nodeName, mask.redact("agent " + nodeName + ": " + why));
    }

    /** The name that is also the node's own label; the built-in node's is "built-in". */
    static String nodeName(Node node) {
        String name = node.getNodeName();
        return name == null || name.isEmpty() ? "built-in" : name;
    }

    private static Node executorNode() {
        Executor executor = Executor.currentExecutor();
        if (executor == null) {
            throw new IllegalStateException("not running on an executor");
        }
        Node node = executor.getOwner().getNode();
        if (node == null) {
            throw new IllegalStateException("the executor's agent was removed");
        }
        return node;
    }
}
