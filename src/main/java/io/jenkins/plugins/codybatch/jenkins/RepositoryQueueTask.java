package io.jenkins.plugins.codybatch.jenkins;

import hudson.Extension;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.QueueListener;
import hudson.model.queue.SubTask;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.springframework.security.core.Authentication;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;

/**
 * One repository of a batch as a build-queue task: it waits in the queue for an executor on an agent
 * matching the label (so clouds can provision one), occupies that executor while the repository is worked
 * and completes a future the batch's worker thread waits on. Transient: never saved with the queue, so the
 * secrets it reaches stay in memory. Shown in the queue and executor widgets under the build's name;
 * reading and cancelling it need the job's Read and Cancel permissions.
 */
@ExportedBean
final class RepositoryQueueTask implements Queue.TransientTask, AccessControlled {

    /** The work done on the executor's node. */
    interface Body {
        RepoResult runOn(Node node) throws InterruptedException, AgentLostException, IOException;
    }

    private final Run<?, ?> run;
    private final String repository;
    private final String page;
    private final Label label;
    private final Authentication authentication;
    private final Supplier<Node> currentNode;
    private final Body body;
    private final Runnable started;
    private final CompletableFuture<RepoResult> outcome = new CompletableFuture<>();
    private volatile Queue.Item item;
    private volatile Thread runner;
    private volatile boolean aborted;

    /**
     * @param page        the URL name of the batch's page on the build (cody-batch, cody-batch-2, ...)
     * @param currentNode the node of the executor thread calling it (in Jenkins: the current executor's node)
     * @param started     called when the repository begins on an executor
     */
    RepositoryQueueTask(Run<?, ?> run, String page, String repository, Label label, Authentication authentication,
            Supplier<Node> currentNode, Body body, Runnable started) {
        this.run = run;
        this.page = page;
        this.repository = repository;
        this.label = label;
        this.authentication = authentication;
        this.currentNode = currentNode;
        this.body = body;
        this.started = started;
    }

    @Override
    public Label getAssignedLabel() {
        return label;
    }

    @Exported
    @Override
    public String getName() {
        return getDisplayName();
    }

    @Override
    public String getDisplayName() {
        return run.getFullDisplayName() + " \u00bb Cody Batch \u00bb " + repository;
    }

    @Override
    public String getFullDisplayName() {
        return getDisplayName();
    }

    /** The build's Cody Batch page, where this repository's progress shows. */
    @Exported
    @Override
    public String getUrl() {
        return run.getUrl() + page + "/";
    }

    /**
     * The build's own authentication, as the node step's tasks have, so that the agents a user may not build on
     * refuse the repository (Node.canTake) and the work runs as the build, never as SYSTEM.
     */
    @Override
    public Authentication getDefaultAuthentication2() {
        return authentication != null ? authentication : Queue.TransientTask.super.getDefaultAuthentication2();
    }

    /** One repository is one unit of work: never two copies at once. */
    @Override
    public boolean isConcurrentBuild() {
        return false;
    }

    /** Nothing of its own blocks it; the queue still waits for a free executor on a matching agent. */
    @Override
    public CauseOfBlockage getCauseOfBlockage() {
        return null;
    }

    /** The job, as for the executors of a {@code node} block, so the widgets group it with its build. */
    @Override
    public Queue.Task getOwnerTask() {
        return run.getParent() instanceof Queue.Task job ? job : this;
    }

    @Override
    public ACL getACL() {
        return run.getACL();
    }

    @Override
    public void checkAbortPermission() {
        run.checkPermission(Item.CANCEL);
    }

    @Override
    public boolean hasAbortPermission() {
        return run.hasPermission(Item.CANCEL);
    }

    @Override
    public boolean hasReadPermission() {
        return run.hasPermission(Item.READ);
    }

    @Override
    public Queue.Executable createExecutable() {
        return new Executable();
    }

    @Override
    public String toString() {
        return "Cody Batch " + repository + " of " + run.getFullDisplayName();
    }

    /** True once the repository's attempt ended (finished, lost or cancelled). */
    boolean isFinished() {
        return outcome.isDone();
    }

    void queued(Queue.Item queueItem) {
        item = queueItem;
    }

    /**
     * Waits until the repository finished on an agent.
     *
     * @throws AgentLostException the agent or its executor went away (retried once)
     * @throws IOException        the item was cancelled in the queue (not retried)
     */
    RepoResult await() throws InterruptedException, AgentLostException, IOException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AgentLostException lost) {
                throw lost;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException) {
                throw new AgentLostException(null, "its executor was interrupted (stopped from Jenkins or the agent"
                        + " shutting down)");
            }
            throw new AgentLostException(null, "its executor failed: " + cause);
        }
    }

    /** The build was aborted: takes the task out of the queue, or interrupts the executor working on it. */
    void abort(Queue queue) {
        aborted = true;
        if (item != null && queue.cancel(this)) { // by task: the item may have moved on (waiting, blocked, buildable)
            return;
        }
        Thread working = runner;
        if (working != null) {
            working.interrupt();
        }
    }

    /** The item left the queue without running (a user or Jenkins cancelled it). */
    void cancelledInQueue() {
        outcome.completeExceptionally(new IOException("Its build-queue item was cancelled before it started"
                + " (by a user or by Jenkins); retry the failed repositories to run it again."));
    }

    /** Occupies the executor while the repository is worked on its node. */
    final class Executable implements Queue.Executable {

        @Override
        public SubTask getParent() {
            return RepositoryQueueTask.this;
        }

        @Override
        public void run() {
            runner = Thread.currentThread();
            try {
                if (aborted) {
                    outcome.completeExceptionally(new InterruptedException("aborted before it started"));
                    return;
                }
                Node node = currentNode.get();
                started.run();
                outcome.complete(body.runOn(node));
            } catch (Throwable t) {
                outcome.completeExceptionally(t); // the waiting worker decides: lost (retried) or failed
                if (t instanceof Error error) {
                    throw error;
                }
            } finally {
                runner = null;
            }
        }

        @Override
        public String toString() {
            return RepositoryQueueTask.this.toString();
        }
    }

    /** Fails the repository at once when its item is cancelled from the queue, instead of waiting forever. */
    @Extension
    public static final class CancelledInQueue extends QueueListener {
        @Override
        public void onLeft(Queue.LeftItem left) {
            if (left.isCancelled() && left.getTask() instanceof RepositoryQueueTask task) {
                task.cancelledInQueue();
            }
        }
    }
}
