package io.jenkins.plugins.codybatch.engine.repo;

import io.jenkins.plugins.codybatch.engine.repo.github.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when something sleeps on it; records the sleeps. */
public final class FakeTime extends Clock implements Sleeper {

    private volatile Instant now = Instant.parse("2026-11-29T10:00:00Z");
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
