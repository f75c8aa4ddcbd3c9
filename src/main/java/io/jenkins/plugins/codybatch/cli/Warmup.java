package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.results.Json;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Sets up, on a second thread, what the main thread would otherwise set up alone before the first repository starts:
 * OkHttp with the TLS trust store, Jackson's serializers, JGit's file-system probes and the user's git configuration.
 * The main thread meanwhile parses the command line and prepares the job, and waits only for what is not ready yet
 * (the JVM runs a class's set-up once, whichever thread asks first), so on a machine with two or more cores the start
 * takes less time (docs/performance.md, "Local overhead"). Nothing made here is kept.
 */
final class Warmup {

    private Warmup() {}

    static void start() {
        Thread thread = new Thread(Warmup::run, "cody-batch-warmup");
        thread.setDaemon(true); // a command that ends sooner does not wait for it
        thread.start();
    }

    private static void run() {
        try {
            new OkHttpClient.Builder().build();
            Json.MAPPER.writeValueAsString(Map.of("warm", 1));
            FS.DETECTED.supportsExecute();
            SystemReader.getInstance().getUserConfig();
        } catch (Exception | LinkageError e) {
            // only a head start: whatever failed here is done, and reported, where it is needed
        }
    }
}
