package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RepositorySchedulerTest {

    private final List<RepoTask> finished = Collections.synchronizedList(new ArrayList<>());
    private final RepositoryScheduler.Listener listener = new RepositoryScheduler.Listener() {
        @Override
        public void started(RepoTask task) {}

        @Override
        public void finished(RepoOutcome outcome) {
            finished.add(outcome.task());
        }
    };

    private static List<RepoTask> tasks(int n) {
        List<RepoTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(new RepoTask("acme/r" + i, "acme__r" + i));
        }
        return tasks;
    }

    private static RepoOutcome completed(RepoTask task) {
        return new RepoOutcome(task, new RepoResult(task.spec(), RepoStatus.COMPLETED, null, 1, Usage.ZERO, 0,
                List.of(), null, null, 0), List.of());
    }

    @Test
    void runsEveryRepositoryInInputOrderNeverMoreThanTheLimitAtOnce() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        RepositoryScheduler.Worker worker = (task, attempt, started) -> {
            started.run();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            Thread.sleep(5); // gives other workers a chance to overlap; correctness does not depend on it
            inFlight.decrementAndGet();
            return completed(task);
        };

        RepositoryScheduler.Outcome outcome = new RepositoryScheduler(3).run(tasks(12), worker, listener);

        assertThat(outcome.aborted()).isFalse();
        assertThat(outcome.outcomes()).extracting(o -> o.task().spec()).containsExactlyElementsOf(
                tasks(12).stream().map(RepoTask::spec).toList());
        assertThat(outcome.outcomes()).allMatch(o -> o.result().status() == RepoStatus.COMPLETED);
        assertThat(maxInFlight.get()).isBetween(1, 3);
        assertThat(finished).hasSize(12);
    }

    @Test
    void parallelismIsReachedWhenWorkersWaitForEachOther() throws Exception {
        CountDownLatch allThreeRunning = new CountDownLatch(3);
        RepositoryScheduler.Worker worker = (task, attempt, started) -> {
            started.run();
            allThreeRunning.countDown();
            allThreeRunning.await(); // would hang (and the test would never finish) if fewer than 3 ran at once
            return completed(task);
        };
        assertThat(new RepositoryScheduler(3).run(tasks(3), worker, listener).outcomes()).hasSize(3);
    }

    @Test
    void aLostWorkerIsRetriedOnce() {
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        RepositoryScheduler.Worker worker = (task, attempt, started) -> {
            started.run();
            attempts.add(attempt);
            if (attempt == 1) {
                throw new RepositoryScheduler.WorkerLostException("agent-1 went offline", null);
            }
            return completed(task);
        };
        RepositoryScheduler.Outcome outcome = new RepositoryScheduler(1).run(tasks(1), worker, listener);
        assertThat(attempts).containsExactly(1, 2);
        assertThat(outcome.outcomes().get(0).result().status()).isEqualTo(RepoStatus.COMPLETED);
    }

    @Test
    void aRepositoryLostTwiceFailsWithBothReasons() {
        RepositoryScheduler.Worker worker = (task, attempt, started) -> {
            started.run();
            throw new RepositoryScheduler.WorkerLostException("agent-" + attempt + " went offline", null);
        };
        RepoResult result = new RepositoryScheduler(2).run(tasks(1), worker, listener).outcomes().get(0).result();
        assertThat(result.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(result.error()).contains("lost twice", "agent-1 went offline", "agent-2 went offline");
    }

    @Test
    void anErrorFailsOnlyThatRepository() {
        RepositoryScheduler.Worker worker = (task, attempt, started) -> {
            started.run();
            if (task.spec().equals("acme/r1")) {
                throw new IOException("disk full");
            }
            return completed(task);
        };
        List<RepoOutcome> outcomes = new RepositoryScheduler(2).run(tasks(3), worker, listener).outcomes();
        assertThat(outcomes).extracting(o -> o.result().status())
                .containsExactly(RepoStatus.COMPLETED, RepoStatus.FAILED, RepoStatus.COMPLETED);
        assertThat(outcomes.get(1).result().error()).contains("disk full");
    }

    @org.junit.jupiter.api.RepeatedTest(20) // races between abort and starting repositories
    void abortInterruptsRunningRepositoriesAndRecordsTheOnesThatDidNotStart() throws Exception {
        CountDownLatch twoRunning = new CountDownLatch(2);
        AtomicInteger interrupted = new AtomicInteger();
        RepositoryScheduler.Worker worker = (task, attempt, started) -> {
            started.run();
            twoRunning.countDown();
            try {
                new CountDownLatch(1).await(); // works "forever" until interrupted
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return completed(task);
        };
        AtomicReference<RepositoryScheduler.Outcome> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptFlagAfter = new AtomicReference<>();
        Thread build = new Thread(() -> {
            result.set(new RepositoryScheduler(2).run(tasks(5), worker, listener));
            interruptFlagAfter.set(Thread.currentThread().isInterrupted());
        });
        build.start();
        twoRunning.await();
        build.interrupt(); // what stopping the build does
        build.join();

        RepositoryScheduler.Outcome outcome = result.get();
        assertThat(outcome.aborted()).isTrue();
        assertThat(interruptFlagAfter.get()).as("the interrupt is handed back to the caller").isTrue();
        assertThat(interrupted.get()).isEqualTo(2);
        assertThat(outcome.outcomes()).hasSize(5);
        assertThat(outcome.outcomes()).filteredOn(o -> o.result().status() == RepoStatus.FAILED)
                .hasSize(2).allMatch(o -> o.result().error().equals(RepositoryScheduler.ABORTED_RUNNING));
        assertThat(outcome.outcomes()).filteredOn(o -> o.result().status() == RepoStatus.SKIPPED)
                .hasSize(3).allMatch(o -> o.result().error().equals(RepositoryScheduler.NOT_RUN));
        assertThat(finished).hasSize(5);
    }

    @org.junit.jupiter.api.RepeatedTest(20) // races between abort and starting repositories
    void aRepositoryStillWaitingToStartIsRecordedAsNotRunOnAbortAndStartedIsReportedOnce() throws Exception {
        List<RepoTask> startedReports = Collections.synchronizedList(new ArrayList<>());
        RepositoryScheduler.Listener recording = new RepositoryScheduler.Listener() {
            @Override
            public void started(RepoTask task) {
                startedReports.add(task);
            }

            @Override
            public void finished(RepoOutcome outcome) {
                finished.add(outcome.task());
            }
        };
        CountDownLatch bothWaiting = new CountDownLatch(2);
        RepositoryScheduler.Worker worker = (task, attempt, started) -> {
            if (task.spec().equals("acme/r0")) {
                started.run();
                started.run(); // e.g. once per attempt: reported once
            }
            bothWaiting.countDown();
            new CountDownLatch(1).await(); // r0 works, r1 waits (e.g. in the build queue) until the abort
            return completed(task);
        };
        AtomicReference<RepositoryScheduler.Outcome> result = new AtomicReference<>();
        Thread build = new Thread(() -> result.set(new RepositoryScheduler(2).run(tasks(2), worker, recording)));
        build.start();
        bothWaiting.await();
        build.interrupt();
        build.join();

        assertThat(startedReports).extracting(RepoTask::spec).containsExactly("acme/r0");
        assertThat(result.get().outcomes()).extracting(o -> o.result().status())
                .containsExactly(RepoStatus.FAILED, RepoStatus.SKIPPED);
        assertThat(result.get().outcomes().get(1).result().error()).isEqualTo(RepositoryScheduler.NOT_RUN);
    }

    @Test
    void emptyBatchFinishesAtOnce() {
        RepositoryScheduler.Outcome outcome = new RepositoryScheduler(4).run(List.of(), (t, a, s) -> {
            throw new AssertionError("no work expected");
        }, listener);
        assertThat(outcome.outcomes()).isEmpty();
        assertThat(outcome.aborted()).isFalse();
    }
}
