package io.jenkins.plugins.codybatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times a plain baseline and the engine on the same repositories, split into rounds whose order alternates, so a
 * machine whose load drifts hits both alike; watches the heap while the engine works.
 */
final class AlternatingRounds {

    /** One side of the comparison: works {@code specs} into {@code out}; returns how many ended COMPLETED. */
    interface Side {
        int run(Path out, List<String> specs) throws Exception;
    }

    /** @param heapPeak the largest heap-used value polled every 5 ms while the engine worked (garbage included) */
    record Figures(int repositories, double plainSeconds, double engineSeconds, int completed, long heapBefore,
            long heapPeak) {

        void print(String engineLabel) {
            System.out.printf(Locale.ROOT, "plain git loop : %7.1f s  (%5.1f ms per repository)%n", plainSeconds,
                    plainSeconds * 1000 / repositories);
            System.out.printf(Locale.ROOT, "%-15s: %7.1f s  (%5.1f ms per repository), %d COMPLETED%n", engineLabel,
                    engineSeconds, engineSeconds * 1000 / repositories, completed);
            System.out.printf(Locale.ROOT, "ratio engine/plain: %.2fx (goal <= 1.5x)%n", engineSeconds / plainSeconds);
            System.out.printf(Locale.ROOT, "heap used: %d MB before, peak %d MB while the engine worked (goal < 256 MB)%n",
                    heapBefore >> 20, heapPeak >> 20);
        }
    }

    private AlternatingRounds() {}

    static Figures run(Path root, List<String> specs, int rounds, Side plain, Side engine) throws Exception {
        // Warm up both paths (JIT, page cache) on a few repositories before measuring.
        List<String> warm = specs.subList(0, Math.min(40, specs.size()));
        plain.run(root.resolve("warm-plain"), warm);
        engine.run(root.resolve("warm-engine"), warm);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(heapBefore);
        AtomicBoolean polling = new AtomicBoolean(false);
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (polling.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.setDaemon(true);
        poller.start();

        double plainSeconds = 0;
        double engineSeconds = 0;
        int completed = 0;
        int size = (specs.size() + rounds - 1) / rounds;
        try {
            for (int round = 0; round < rounds; round++) {
                List<String> part = specs.subList(round * size, Math.min(specs.size(), (round + 1) * size));
                for (int side = 0; side < 2; side++) {
                    boolean plainTurn = (side == 0) == (round % 2 == 0);
                    long start = System.nanoTime();
                    if (plainTurn) {
                        plain.run(root.resolve("plain-" + round), part);
                        plainSeconds += (System.nanoTime() - start) / 1e9;
                    } else {
                        polling.set(true);
                        completed += engine.run(root.resolve("engine-" + round), part);
                        engineSeconds += (System.nanoTime() - start) / 1e9;
                        polling.set(false);
                    }
                }
                System.out.printf(Locale.ROOT, "round %d done: plain %.1f s, engine %.1f s so far%n", round + 1,
                        plainSeconds, engineSeconds);
            }
        } finally {
            poller.interrupt();
        }
        return new Figures(specs.size(), plainSeconds, engineSeconds, completed, heapBefore, peak.get());
    }
}
