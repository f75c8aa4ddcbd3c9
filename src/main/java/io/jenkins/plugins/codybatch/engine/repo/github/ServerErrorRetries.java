package io.jenkins.plugins.codybatch.engine.repo.github;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Sends a read (GET/HEAD) again when GitHub answers 500, 502, 503 or 504: such answers are usually momentary, and
 * github-api would otherwise fail the repository on the first one. Writes are never repeated here, so a pull
 * request is never created twice.
 */
final class ServerErrorRetries {

    static final int ATTEMPTS = 3;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Set<Integer> TRANSIENT = Set.of(500, 502, 503, 504);

    private ServerErrorRetries() {}

    static GitHubConnector around(GitHubConnector connector, Sleeper sleeper) {
        return request -> {
            boolean read = request.method().equals("GET") || request.method().equals("HEAD");
            Duration wait = FIRST_WAIT;
            for (int attempt = 1; ; attempt++) {
                GitHubConnectorResponse response = connector.send(request);
                if (!read || attempt >= ATTEMPTS || !TRANSIENT.contains(response.statusCode())) {
                    return response;
                }
                response.close();
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted while waiting to repeat a GitHub request");
                }
                wait = wait.multipliedBy(2);
            }
        };
    }
}
