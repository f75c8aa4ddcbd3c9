package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.Transcript;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.batch.ResultsStore;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;

/**
 * A batch's output folder in the workspace of the step's node ({@code cody-batch/} in the workspace, or
 * {@code cody-batch-2/} for a second step of the build): each repository's folder is archived as a build
 * artifact when it is final, under the same path; summary.json is kept on the build page's action as it changes
 * and archived at the end.
 */
final class NodeResultsStore implements ResultsStore {

    private final FilePath workspace;
    private final String root;
    private final CodyBatchAction action;
    private final Run<?, ?> run;
    private final Launcher launcher;
    private final TaskListener listener;

    /** @param root the output folder's path relative to the workspace, which is also its artifact path */
    NodeResultsStore(FilePath workspace, String root, CodyBatchAction action, Run<?, ?> run, Launcher launcher,
            TaskListener listener) {
        this.workspace = workspace;
        this.root = root;
        this.action = action;
        this.run = run;
        this.launcher = launcher;
        this.listener = listener;
    }

    FilePath outputRoot() {
        return workspace.child(root);
    }

    private FilePath folder(String directory) {
        return outputRoot().child(directory);
    }

    /** A workspace is reused by the next build: a repository's folder starts empty, whatever an earlier one left. */
    @Override
    public void prepare(String directory, String keepAs) throws IOException {
        try {
            folder(directory).deleteRecursive();
            folder(directory).mkdirs();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing " + directory, e);
        }
    }

    @Override
    public RepoResult recorded(String directory) {
        try {
            FilePath file = folder(directory).child(ResultFiles.RESULT);
            return file.exists() ? Json.MAPPER.readValue(file.readToString(), RepoResult.class) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public AgentOutcome.Spend spent(String directory) {
        try {
            FilePath file = folder(directory).child(ResultFiles.TRANSCRIPT);
            if (!file.exists()) {
                return AgentOutcome.Spend.ZERO;
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.read(), StandardCharsets.UTF_8))) {
                return Transcript.spent(reader);
            }
        } catch (IOException | RuntimeException e) {
            return AgentOutcome.Spend.ZERO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AgentOutcome.Spend.ZERO;
        }
    }

    @Override
    public RepoResult.Outputs outputs(String directory) {
        List<String> present = new ArrayList<>();
        for (String name : List.of(ResultFiles.PATCH, ResultFiles.TRANSCRIPT, ResultFiles.REPORT)) {
            try {
                present.add(folder(directory).child(name).exists() ? name : null);
            } catch (IOException e) {
                present.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                present.add(null);
            }
        }
        return new RepoResult.Outputs(present.get(0), present.get(1), present.get(2));
    }

    @Override
    public void writeResult(String directory, RepoResult result) throws IOException {
        write(folder(directory).child(ResultFiles.RESULT), Json.MAPPER.writeValueAsString(result));
    }

    /** Archives the repository's files (result.json last written) under the same paths. */
    @Override
    public void finished(String directory, RepoResult result) {
        List<String> files = new ArrayList<>();
        try {
            for (FilePath file : folder(directory).list()) {
                if (!file.isDirectory()) {
                    files.add(directory + "/" + file.getName());
                }
            }
        } catch (IOException e) {
            listener.getLogger().println(CodyBatchRunner.PREFIX + "Could not list " + directory + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        archive(files);
    }

    @Override
    public void writeSummary(BatchSummary summary) throws IOException {
        action.update(summary);
        write(outputRoot().child(ResultFiles.SUMMARY), Json.MAPPER.writeValueAsString(summary));
    }

    /** summary.json into the artifacts, once the batch has ended. */
    void archiveSummary() {
        archive(List.of(ResultFiles.SUMMARY));
    }

    private synchronized void archive(List<String> files) {
        if (files.isEmpty()) {
            return;
        }
        Map<String, String> artifacts = new LinkedHashMap<>();
        files.forEach(file -> artifacts.put(root + "/" + file, root + "/" + file));
        try {
            run.pickArtifactManager().archive(workspace, launcher, BuildListenerAdapter.wrap(listener), artifacts);
        } catch (IOException e) {
            listener.getLogger().println(CodyBatchRunner.PREFIX + "Could not archive " + files + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(FilePath file, String content) throws IOException {
        try {
            file.write(content, "UTF-8");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + file.getRemote(), e);
        }
    }
}
