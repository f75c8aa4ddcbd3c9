package io.jenkins.plugins.codybatch.engine.repo.github;

import java.time.Duration;

/** Waits; replaced in tests so throttling and rate-limit waits are checked without real time passing. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
