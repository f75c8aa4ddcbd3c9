package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.Engine;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchPreview;
import io.jenkins.plugins.codybatch.engine.batch.JobSpend;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.report.HtmlReport;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySelection;
import java.util.List;
import java.util.Map;

/** The real engine behind the command line: {@link Engine}, configured from flags and the environment. */
public final class EngineFactory implements EngineComponents {

    @Override
    public RepositoryProcessor processor(CliSettings settings, BatchJob job, JobSpend spend) throws RepositoryException {
        return new Engine(engineSettings(settings)).processor(job, spend);
    }

    @Override
    public List<String> select(CliSettings settings, RepositorySelection selection) throws RepositoryException {
        return new Engine(engineSettings(settings)).select(selection);
    }

    @Override
    public List<BatchPreview.Entry> preview(CliSettings settings, BatchJob job)
            throws RepositoryException, InterruptedException {
        return new Engine(engineSettings(settings)).preview(job);
    }

    @Override
    public ReportWriter reportWriter() {
        return outputDir -> new HtmlReport().write(outputDir);
    }

    @Override
    public List<DoctorCheck> remoteChecks(CliSettings settings) {
        List<Engine.Check> checks;
        try {
            checks = new Engine(engineSettings(settings)).checks();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return checks.stream().<DoctorCheck>map(check -> new DoctorCheck() {
            @Override
            public String name() {
                return check.name();
            }

            @Override
            public Result run() {
                return new Result(check.ok(), check.message());
            }
        }).toList();
    }

    static EngineSettings engineSettings(CliSettings settings) {
        return new EngineSettings(settings.apiKey(), settings.apiUrl(), settings.model(), settings.maxTokens(), Map.of(),
                settings.gitHubApiUrl(), settings.gitHubToken(), null, null, 0, List.of(), settings.proxy(),
                settings.environment(), Host.CLI);
    }
}
