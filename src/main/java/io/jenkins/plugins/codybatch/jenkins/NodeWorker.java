package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryWorker;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.IOException;

/** Works each repository on the step's own node, in the batch's output folder there (no label given). */
final class NodeWorker implements RepositoryWorker {

    private final FilePath outputRoot;
    private final EngineSettings settings;
    private final ProcessorFactory factory;
    private final SharedSpend jobSpend;

    NodeWorker(FilePath outputRoot, EngineSettings settings, ProcessorFactory factory, SharedSpend jobSpend) {
        this.outputRoot = outputRoot;
        this.settings = settings;
        this.factory = factory;
        this.jobSpend = jobSpend;
    }

    @Override
    public RepoResult work(BatchJob job, RepositoryEntry entry, Runnable started)
            throws IOException, InterruptedException {
        started.run();
        try {
            return ProcessRepositoryCallable.run(outputRoot, job, entry, settings, factory, jobSpend).result();
        } catch (IOException | RuntimeException e) { // the node's channel broke (remoting's aborts are unchecked)
            throw new IOException("the node holding the workspace could not run it ("
                    + EngineWiring.redactor(settings).redact(String.valueOf(e.getMessage())) + ")", e);
        }
    }
}
