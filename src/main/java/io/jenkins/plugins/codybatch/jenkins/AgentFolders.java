package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the labelled fan-out works a repository on an agent: a folder of its own next to the job's workspace there
 * ({@code <job>@cody-batch/<build>-<page>-<dir>}), or under the node's root for jobs that are not top-level items.
 */
final class AgentFolders {

    static final String SUFFIX = "@cody-batch";

    private final Run<?, ?> run;
    private final String page;

    AgentFolders(Run<?, ?> run, String page) {
        this.run = run;
        this.page = page;
    }

    /** The repository's folder on the node, or null when the node is offline. */
    FilePath of(Node node, RepositoryEntry entry) {
        String folder = run.getNumber() + "-" + page + "-"
                + entry.directory().substring(entry.directory().lastIndexOf('/') + 1);
        if (run.getParent() instanceof TopLevelItem item) {
            FilePath workspace = node.getWorkspaceFor(item);
            return workspace == null ? null : workspace.withSuffix(SUFFIX).child(folder);
        }
        FilePath root = node.getRootPath();
        return root == null ? null : root.child("cody-batch").child(folder);
    }

    /**
     * Deletes the folders that builds of this job which no longer run left next to {@code folder} (a restart of Jenkins
     * or a lost agent leaves them: nothing else would remove their checkouts). Returns the names deleted.
     */
    List<String> deleteLeftovers(FilePath folder) throws IOException, InterruptedException {
        List<String> deleted = new ArrayList<>();
        FilePath parent = folder.getParent();
        if (parent == null || !parent.exists()) {
            return deleted;
        }
        for (FilePath sibling : parent.list()) {
            int build = buildNumber(sibling.getName());
            if (build < 0 || build == run.getNumber()) {
                continue;
            }
            Run<?, ?> other = run.getParent().getBuildByNumber(build);
            if (other == null || !other.isBuilding()) {
                sibling.deleteRecursive();
                deleted.add(sibling.getName());
            }
        }
        return deleted;
    }

    /** The build number a folder name starts with ("12-cody-batch-acme__app"), or -1. */
    static int buildNumber(String name) {
        int dash = name.indexOf('-');
        try {
            return dash > 0 ? Integer.parseInt(name.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Copies the repository's known files (patch.diff, transcript.jsonl, result.json, report.md) that exist in
     * {@code agentRoot} into {@code outputRoot}; only these names, only this repository's folder.
     */
    static List<String> copyKnownFiles(FilePath agentRoot, FilePath outputRoot, String directory)
            throws IOException, InterruptedException {
        List<String> copied = new ArrayList<>();
        for (String name : OutputLayout.REPOSITORY_FILES) {
            String file = directory + "/" + name;
            FilePath source = agentRoot.child(file);
            if (source.exists()) {
                source.copyTo(outputRoot.child(file));
                copied.add(file);
            }
        }
        return copied;
    }
}
