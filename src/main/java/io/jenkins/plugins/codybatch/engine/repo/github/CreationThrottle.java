package io.jenkins.plugins.codybatch.engine.repo.github;

import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a minimum interval between content-creating GitHub requests (opening a pull request, editing it, adding
 * labels, assignees, reviewers) across all threads: GitHub's secondary rate limits punish bursts of them, and
 * GitHub asks for at least one second between such requests. One throttle is shared by every batch of the process
 * that talks to the same API URL, because the Jenkins layer builds a repository service per repository.
 */
public final class CreationThrottle {

    private record Key(String apiUrl, Duration minInterval, Clock clock, Sleeper sleeper) {}

    private static final Map<Key, CreationThrottle> SHARED = new ConcurrentHashMap<>();

    private final Duration minInterval;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant last;

    public CreationThrottle(Duration minInterval, Clock clock, Sleeper sleeper) {
        this.minInterval = minInterval;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The throttle of this process for {@code apiUrl} (tests with their own clock and sleeper get their own). */
    public static CreationThrottle shared(String apiUrl, Duration minInterval, Clock clock, Sleeper sleeper) {
        return SHARED.computeIfAbsent(new Key(apiUrl, minInterval, clock, sleeper),
                k -> new CreationThrottle(minInterval, clock, sleeper));
    }

    /** Blocks until at least the interval has passed since the previous caller's turn. */
    public synchronized void awaitTurn() throws RepositoryException {
        if (last != null) {
            Duration wait = Duration.between(clock.instant(), last.plus(minInterval));
            if (!wait.isNegative() && !wait.isZero()) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RepositoryException("Interrupted while waiting for the next pull request write to GitHub.");
                }
            }
        }
        last = clock.instant();
    }
}
