package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRepositoryCallableTest {

    /** Like Jenkins' controller-side class filter: JDK-internal immutable collections are not on its allowlist. */
    private static final ObjectInputFilter CONTROLLER_FILTER = info -> info.serialClass() != null
            && info.serialClass().getName().startsWith("java.util.ImmutableCollections")
            ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;

    @TempDir
    Path root;

    private static Object overTheWire(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(CONTROLLER_FILTER);
            return in.readObject();
        }
    }

    @Test
    void theResultComesBackThroughTheControllersClassFilter() throws Exception {
        RepoResult engineResult = new RepoResult("acme/a", RepoStatus.COMPLETED, null, 3, new Usage(1, 2, 3, 4), 0.5,
                List.of("src/A.java"), new PullRequestRef("https://github.com/acme/a/pull/9", 9, "updated"), "ok", 42);
        ProcessorFactory factory = (settings, batch, jobSpend) -> (job, spec, workDir, out) -> {
            try {
                Files.writeString(out.resolve("patch.diff"), "diff");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return engineResult;
        };
        BatchJob job = new BatchJob("n", JobType.CODE_PATTERN_UPDATE, "p", List.of("acme/a"), null, 0, null, 1,
                List.of(), null);
        EngineSettings settings = new EngineSettings(Fixtures.API_KEY, null, null, 0, Map.of(), null, null, null, null,
                0, List.of(), null);
        RepositoryEntry entry = new RepositoryEntry("acme/a", "repos/acme__a", RepoStatus.RUNNING, null);

        ProcessRepositoryCallable.Wire wire = new ProcessRepositoryCallable(job, entry, settings, factory, SharedSpend.NONE)
                .invoke(root.toFile(), null);
        ProcessRepositoryCallable.Wire received = (ProcessRepositoryCallable.Wire) overTheWire(wire);

        assertThat(received.result()).isEqualTo(engineResult);
        assertThat(received.files()).containsExactly("repos/acme__a/patch.diff");
        assertThat(root.resolve("work")).isEmptyDirectory();
        // the filter really bites: the engine's own record would not have crossed
        assertThatThrownBy(() -> overTheWire(engineResult)).isInstanceOf(InvalidClassException.class);
    }

    @Test
    void theCallableWithTheRealFactoryTravelsToTheAgent() throws Exception {
        EngineSettings settings = new EngineSettings(Fixtures.API_KEY, "https://gateway.example", "m", 100,
                Map.of("my-model", new PriceTable.Price(1, 2)), null, Fixtures.GITHUB_TOKEN, null, null, 0,
                List.of("acme/*"), new EngineSettings.Proxy("proxy.corp", 3128, List.of("*.corp")));
        BatchJob job = new BatchJob("n", JobType.CODE_PATTERN_UPDATE, "p", List.of("acme/a", "acme/b"), null, 0, null,
                1, List.of(), null);
        ProcessRepositoryCallable callable = new ProcessRepositoryCallable(job,
                new RepositoryEntry("acme/b", "repos/acme__b", RepoStatus.RUNNING, null), settings,
                EngineWiring.processorFactory(), new TravellingSpend());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(callable);
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isInstanceOf(ProcessRepositoryCallable.class);
            assertThat(in.readObject()).isEqualTo(settings);
        }
        // one repository travels, not the whole batch
        assertThat(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("acme/b")
                .doesNotContain("acme/a");
    }

    @Test
    void theVerifyCommandAndTheBuildsVariablesTravelToTheAgentWithTheJob() throws Exception {
        BatchJob job = new BatchJob("n", JobType.CODE_PATTERN_UPDATE, "p", List.of("acme/a"), null, 0, null, 1,
                List.of(), null, new VerifyOptions("mvn -B -q verify", 2, 600, false), null);
        EngineSettings settings = new EngineSettings(Fixtures.API_KEY, null, null, 0, Map.of(), null, null, null, null,
                0, List.of(), null).withEnvironment(new hudson.EnvVars(Map.of("JOB_NAME", "nightly")));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(job);
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(job);
            EngineSettings arrived = (EngineSettings) in.readObject();
            assertThat(arrived.environment()).containsExactly(Map.entry("JOB_NAME", "nightly"));
            assertThat(arrived.toString()).doesNotContain("nightly").doesNotContain(Fixtures.API_KEY);
        }
    }

    @Test
    void aThrowingEngineFailsOnlyThisRepositoryWithoutLeakingTheKey() throws Exception {
        ProcessorFactory factory = (settings, batch, jobSpend) -> {
            throw new IllegalStateException("cannot build client for key " + settings.anthropicApiKey());
        };
        BatchJob job = new BatchJob("n", JobType.CODE_PATTERN_UPDATE, "p", List.of("x/y"), null, 0, null, 1, List.of(), null);
        EngineSettings settings = new EngineSettings(Fixtures.API_KEY, null, null, 0, Map.of(), null, null, null, null,
                0, List.of(), null);
        RepositoryEntry entry = new RepositoryEntry("x/y", "repos/x__y", RepoStatus.RUNNING, null);

        ProcessRepositoryCallable.Wire wire = new ProcessRepositoryCallable(job, entry, settings, factory, SharedSpend.NONE)
                .invoke(root.toFile(), null);

        assertThat(wire.result().status()).isEqualTo(RepoStatus.FAILED);
        assertThat(wire.result().error()).isEqualTo("cannot build client for key ****");
        assertThat(wire.resultJson()).doesNotContain(Fixtures.API_KEY);
        assertThat(wire.files()).isEmpty();
    }

    /** Stands for the remoting proxy of the controller's meter, which is what travels in a real Jenkins. */
    private static final class TravellingSpend implements SharedSpend, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void add(io.jenkins.plugins.codybatch.engine.results.Usage usage, double cost) {}

        @Override
        public String exhausted() {
            return null;
        }
    }
}
