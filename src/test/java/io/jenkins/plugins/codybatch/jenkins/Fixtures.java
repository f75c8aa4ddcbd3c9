package io.jenkins.plugins.codybatch.jenkins;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.ProxyConfiguration;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import jenkins.model.ArtifactManager;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/** Shared test doubles over the stubs: a build, its artifact manager, a log, credentials. */
final class Fixtures {

    static final String API_KEY = "sk-ant-api03-TESTKEY-0123456789abcdef";
    static final String GITHUB_TOKEN = "ghp_TESTTOKEN0123456789abcdefABCDEF";

    /** The runner's timings for tests: the default timeout, a short summary interval. */
    static final BatchRunner.Options RUNNER = new BatchRunner.Options(Duration.ofMinutes(5), Duration.ofSeconds(10),
            Duration.ofMillis(20), Host.JENKINS);

    private Fixtures() {}

    /** A global configuration that does not need a running Jenkins. */
    static CodyBatchGlobalConfiguration global() {
        return new CodyBatchGlobalConfiguration() {
            @Override
            ProxyConfiguration jenkinsProxy() {
                return null;
            }
        };
    }

    /** The global configuration of a Jenkins whose Anthropic API is {@code anthropic}, keyed by credential "anthropic". */
    static CodyBatchGlobalConfiguration globalFor(mockwebserver3.MockWebServer anthropic) {
        CodyBatchGlobalConfiguration global = global();
        String url = anthropic.url("/").toString();
        global.setAnthropicApiBaseUrl(url.substring(0, url.length() - 1));
        global.setAnthropicCredentialsId("anthropic");
        global.setDefaultModel("claude-sonnet-4-6");
        return global;
    }

    static StringCredentials secretText(String id, String secret) {
        StringCredentials credentials = mock(StringCredentials.class);
        when(credentials.getId()).thenReturn(id);
        when(credentials.getSecret()).thenReturn(Secret.fromString(secret));
        return credentials;
    }

    /** Knows one Secret text credential "anthropic" holding {@link #API_KEY}. */
    static CredentialsResolver credentials() {
        CredentialsResolver.Lookup lookup = mock(CredentialsResolver.Lookup.class);
        StringCredentials key = secretText("anthropic", API_KEY);
        when(lookup.find(eq("anthropic"), eq(StringCredentials.class), any())).thenReturn(key);
        StringCredentials token = secretText("github", GITHUB_TOKEN);
        when(lookup.find(eq("github"), eq(com.cloudbees.plugins.credentials.common.StandardCredentials.class), any()))
                .thenReturn(token);
        return new CredentialsResolver(lookup);
    }

    /** A job named "nightly" (the batch's default name), perhaps also of other types (a queue task, a top-level item). */
    static Job<?, ?> job(Class<?>... alsoA) {
        Job<?, ?> job = alsoA.length == 0 ? mock(Job.class)
                : mock(Job.class, org.mockito.Mockito.withSettings().extraInterfaces(alsoA));
        when(job.getFullName()).thenReturn("nightly");
        return job;
    }

    /** The shared runner as the step builds it, with the test's engine; {@code queue} serves labelled agents. */
    static CodyBatchRunner runner(CodyBatchGlobalConfiguration global, ProcessorFactory factory,
            Supplier<QueueFanOut.BuildQueue> queue) {
        return new CodyBatchRunner(global, factory, EngineWiring.repositoryResolver(), credentials(), queue, RUNNER);
    }

    /**
     * A build: its actions are kept (a CodyBatchAction is attached to it as Jenkins does), and archiving copies the
     * files from the workspace into an artifacts folder served back through {@link ArtifactManager#root()}.
     */
    static final class Build {
        final Run<?, ?> run = mock(Run.class);
        final ArtifactManager artifacts = mock(ArtifactManager.class);
        final Path artifactsDir;
        final List<Map<String, String>> archived = new CopyOnWriteArrayList<>();
        final List<Action> actions = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        final TaskListener listener = mock(TaskListener.class);

        Build(Path artifactsDir) throws IOException, InterruptedException {
            this.artifactsDir = artifactsDir;
            when(run.getFullDisplayName()).thenReturn("nightly #7");
            doReturn(job()).when(run).getParent();
            when(run.getNumber()).thenReturn(7);
            when(run.getUrl()).thenReturn("job/nightly/7/");
            when(run.isBuilding()).thenReturn(true);
            when(run.pickArtifactManager()).thenReturn(artifacts);
            when(run.getArtifactManager()).thenReturn(artifacts);
            doAnswer(inv -> {
                Action action = inv.getArgument(0);
                actions.add(action);
                if (action instanceof CodyBatchAction batch) {
                    batch.onAttached(run);
                }
                return null;
            }).when(run).addAction(any());
            doAnswer(inv -> actions.stream().filter(((Class<?>) inv.getArgument(0))::isInstance).toList())
                    .when(run).getActions(any());
            doAnswer(inv -> actions.stream().filter(((Class<?>) inv.getArgument(0))::isInstance).findFirst()
                    .orElse(null)).when(run).getAction(any(Class.class));
            doAnswer(inv -> {
                FilePath workspace = inv.getArgument(0);
                Map<String, String> files = inv.getArgument(3);
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Path target = artifactsDir.resolve(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.copy(Path.of(workspace.child(file.getValue()).getRemote()), target,
                            StandardCopyOption.REPLACE_EXISTING);
                }
                archived.add(Map.copyOf(files));
                return null;
            }).when(artifacts).archive(any(), any(), any(), any());
            when(artifacts.root()).thenAnswer(inv -> new Artifact(artifactsDir.toFile()));
            when(listener.getLogger()).thenReturn(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        }

        String log() {
            return logBytes.toString(StandardCharsets.UTF_8);
        }

        /** The build's first (or only) batch page. */
        CodyBatchAction action() {
            return batches().get(0);
        }

        List<CodyBatchAction> batches() {
            return actions.stream().filter(CodyBatchAction.class::isInstance).map(CodyBatchAction.class::cast).toList();
        }

        List<String> archivedPaths() {
            return archived.stream().flatMap(m -> m.keySet().stream()).sorted().toList();
        }

        BatchReport run(CodyBatchRunner runner, BatchOptions options, Path workspace) throws Exception {
            return run(runner, options, workspace, null);
        }

        BatchReport run(CodyBatchRunner runner, BatchOptions options, Path workspace, Authentication authentication)
                throws Exception {
            return runner.run(options, run, new FilePath(workspace.toFile()), new EnvVars(), null, listener,
                    authentication);
        }
    }

    /**
     * Waits (bounded, as a hang guard) until the page shows the repository RUNNING: the runner hands its progress
     * to the page every summary interval, not at once.
     */
    static void awaitStatus(CodyBatchAction action, String spec, io.jenkins.plugins.codybatch.engine.results.RepoStatus
            status) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (action.getSummary().repositories().stream().anyMatch(e -> e.spec().equals(spec) && e.status() == status)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(spec + " never showed " + status + " on the page");
    }

    /** The archived artifacts of a build, as Jenkins' standard artifact manager serves them from its folder. */
    static final class Artifact extends VirtualFile {
        private final File file;

        Artifact(File file) {
            this.file = file;
        }

        @Override
        public VirtualFile child(String name) {
            return new Artifact(new File(file, name));
        }

        @Override
        public boolean isFile() {
            return file.isFile();
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file.toPath());
        }
    }
}
