package io.jenkins.plugins.codybatch.jenkins;

import hudson.ProxyConfiguration;
import hudson.util.Secret;
import io.jenkins.plugins.codybatch.engine.Engine;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import java.util.Arrays;
import java.util.List;

/**
 * Where the Jenkins layer reaches the engine: everything goes through {@link Engine}, built from the
 * {@link EngineSettings} the build (or the Test connection button) assembled.
 */
public final class EngineWiring {

    private EngineWiring() {}

    public static ProcessorFactory processorFactory() {
        return new EngineProcessorFactory();
    }

    public static ConnectionCheck connectionCheck() {
        return settings -> new Engine(settings).checks();
    }

    public static RepositoryResolver repositoryResolver() {
        return (selection, settings) -> new Engine(settings).select(selection);
    }

    /** Jenkins' proxy (Manage Jenkins &gt; System &gt; HTTP proxy) as the engine takes it, or null for none. */
    static EngineSettings.Proxy proxy(ProxyConfiguration proxy) {
        if (proxy == null || proxy.name == null || proxy.name.isBlank()) {
            return null;
        }
        String noProxy = proxy.getNoProxyHost();
        List<String> hosts = noProxy == null ? List.of()
                : Arrays.stream(noProxy.split("[\\s,;|]+")).filter(h -> !h.isBlank()).toList();
        String user = proxy.getUserName() == null || proxy.getUserName().isBlank() ? null : proxy.getUserName().strip();
        String password = user == null ? null : Secret.toString(proxy.getSecretPassword());
        return new EngineSettings.Proxy(proxy.name.strip(), proxy.port, hosts, user, password);
    }

    /**
     * Masks every secret of the settings in text the plugin writes. A PEM key may be printed line by line,
     * so its long lines are masked one by one too (short lines such as the BEGIN header are not secret).
     */
    static Redactor redactor(EngineSettings settings) {
        return new Redactor(settings.secretsAndTheirLines());
    }

    /** Travels to the agent with each repository and builds the engine there. */
    private static final class EngineProcessorFactory implements ProcessorFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public RepositoryProcessor create(EngineSettings settings, BatchJob job, SharedSpend jobSpend)
                throws RepositoryException {
            return new Engine(settings).processor(job, jobSpend);
        }
    }
}
