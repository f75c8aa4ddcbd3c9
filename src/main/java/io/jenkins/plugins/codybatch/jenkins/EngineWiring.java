package io.jenkins.plugins.codybatch.jenkins;

/**
 * Where the Jenkins layer gets the engine's implementations. The engine is built separately and is
 * connected here once it exists; until then each entry point fails with a clear message, so nothing
 * pretends to have run.
 */
public final class EngineWiring {

    static final String NOT_WIRED = "The Cody Batch engine is not connected to the Jenkins plugin in this build"
            + " (io.jenkins.plugins.codybatch.jenkins.EngineWiring); install a complete release of the plugin.";

    private EngineWiring() {}

    public static ProcessorFactory processorFactory() {
        return new NotWired();
    }

    public static ConnectionCheck connectionCheck() {
        return settings -> {
            throw new IllegalStateException(NOT_WIRED);
        };
    }

    public static RepositoryResolver repositoryResolver() {
        return (selection, settings) -> {
            throw new IllegalStateException("Selecting repositories by owner, topic or glob is not available yet: "
                    + "list them with 'repositories'. " + NOT_WIRED);
        };
    }

    private static final class NotWired implements ProcessorFactory {
        @Override
        public io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor create(AgentSettings settings) {
            throw new IllegalStateException(NOT_WIRED);
        }
    }
}
