package io.jenkins.plugins.codybatch.engine.claude;

import java.time.Duration;

/** Waits between retries; tests pass one that records the delay instead of waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
