package io.jenkins.plugins.codybatch.engine.repo.github;

import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps a minimum interval between pull request creations across all threads of a batch: GitHub's secondary
 * rate limits punish bursts of content-creating requests.
 */
public final class CreationThrottle {

    private final Duration minInterval;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant last;

    public CreationThrottle(Duration minInterval, Clock clock, Sleeper sleeper) {
        this.minInterval = minInterval;
        this.clock = clock;
        this.sleeper = sleeper;
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
                    throw new RepositoryException("Interrupted while waiting to open the next pull request.");
                }
            }
        }
        last = clock.instant();
    }
}
