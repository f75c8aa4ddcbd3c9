package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.batch.JobSpend;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live line of a batch on a terminal, "[3/40] running 4, 12m03s elapsed, ETA 2h41m, 1,234,567 tokens,
 * $12.3456", redrawn every second and after every other line. The ETA assumes the repositories left take as long
 * as the finished ones took on average. Its caller holds the console's lock around every call.
 */
final class LiveLine {

    static final String CLEAR = "\r\033[K";

    private final PrintWriter out;
    private final Clock clock;
    private final JobSpend spend;
    private final Object lock;
    private ScheduledExecutorService ticker;
    private long startMillis;
    private int toRun;
    private final Set<String> running = new HashSet<>();
    private int done;

    LiveLine(PrintWriter out, Clock clock, JobSpend spend, Object lock) {
        this.out = out;
        this.clock = clock;
        this.spend = spend;
        this.lock = lock;
    }

    void start(int repositories) {
        startMillis = clock.millis();
        toRun = repositories;
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cody-batch-live-line");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> {
            synchronized (lock) {
                draw();
            }
        }, 1, 1, TimeUnit.SECONDS);
        draw();
    }

    /** @param directory the repository's folder: skipped and never-started ones finish without starting */
    void started(String directory) {
        running.add(directory);
    }

    void finished(String directory, int finished) {
        running.remove(directory);
        done = finished;
    }

    /** Takes the line away, so that another line can be printed in its place. */
    void clear() {
        out.print(CLEAR);
    }

    void draw() {
        out.print(CLEAR + text());
        out.flush();
    }

    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clear();
        out.flush();
    }

    String text() {
        long elapsed = Math.max(0, clock.millis() - startMillis);
        String eta = done == 0 ? "ETA --" : done >= toRun ? "ETA 0s"
                : "ETA " + human(Duration.ofMillis(elapsed / done * (toRun - done)));
        return String.format(Locale.ROOT, "[%d/%d] running %d, %s elapsed, %s, %,d tokens, $%.4f", done, toRun,
                running.size(), human(Duration.ofMillis(elapsed)), eta, spend.tokens(), spend.cost());
    }

    /** 45s, 12m03s, 2h41m. */
    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
