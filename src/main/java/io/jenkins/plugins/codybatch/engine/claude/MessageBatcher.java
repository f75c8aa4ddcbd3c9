package io.jenkins.plugins.codybatch.engine.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gathers the turns that conversations send at about the same time into one message batch, creates it, polls it
 * until it has ended and hands each conversation its result (docs/tool-loop.md, "Message Batches API"). One thread
 * does the gathering, creating and polling for every conversation of this process and organization
 * ({@link #shared}); the conversations wait on their {@link Turn}.
 *
 * <p>A batch is created once no new turn arrived for {@code gather}, or the oldest waited {@code maxGather}, or
 * {@value #MAX_REQUESTS} are waiting. It is polled after {@code firstPoll}, then at doubling intervals up to
 * {@code maxPoll}. When every turn of a batch has been given up (a deadline passed or the run was cancelled), the
 * batch is cancelled.
 */
public final class MessageBatcher {

    static final int MAX_REQUESTS = 10_000;
    private static final Map<String, MessageBatcher> SHARED = new ConcurrentHashMap<>();

    /**
     * @param gather      a batch is made once no turn arrived for this long
     * @param maxGather   ... or once the oldest turn waited this long
     * @param firstPoll   first look at a batch after this long; the wait doubles up to {@code maxPoll}
     * @param turnDeadline a turn without a result after this long is given up by its conversation
     */
    public record Settings(Duration gather, Duration maxGather, Duration firstPoll, Duration maxPoll,
            Duration turnDeadline) {

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(1),
                    Duration.ofSeconds(60), Duration.ofHours(1));
        }
    }

    /** What a turn's batch entry came to: a message, or why it must be sent as a direct request instead. */
    record Outcome(ClaudeResponse response, String sendDirectly) {}

    /** One conversation's request, waiting in a batch. */
    static final class Turn {
        final String customId;
        final ObjectNode body;
        final long arrivedAt = System.nanoTime();
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        volatile boolean givenUp;
        volatile Open batch;

        Turn(String customId, ObjectNode body) {
            this.customId = customId;
            this.body = body;
        }
    }

    /** A created batch not yet ended. */
    static final class Open {
        final String id;
        final Map<String, Turn> turns;
        long nextPoll;
        long pollDelay;
        volatile boolean cancelled;

        Open(String id, Map<String, Turn> turns, long nextPoll, long pollDelay) {
            this.id = id;
            this.turns = turns;
            this.nextPoll = nextPoll;
            this.pollDelay = pollDelay;
        }

        boolean allGivenUp() {
            return turns.values().stream().allMatch(t -> t.givenUp);
        }
    }

    private final MessageBatches api;
    private final Settings settings;
    private final AtomicLong ids = new AtomicLong();
    private final List<Turn> gathering = new ArrayList<>();
    private final List<Open> open = new ArrayList<>();
    private long lastArrival;
    private Thread worker;

    public MessageBatcher(ClaudeClient client, Settings settings) {
        this.api = new MessageBatches(client);
        this.settings = settings;
    }

    /** The batcher of this process for the client's API address and key. */
    public static MessageBatcher shared(ClaudeClient client, String apiKey) {
        return SHARED.computeIfAbsent(client.settings().baseUrl() + " " + RateLimiter.fingerprint(apiKey),
                key -> new MessageBatcher(client, Settings.defaults()));
    }

    public Settings settings() {
        return settings;
    }

    /** Puts a Messages request into the next batch. */
    Turn submit(ObjectNode body) {
        Turn turn = new Turn("turn-" + ids.incrementAndGet(), body);
        synchronized (this) {
            gathering.add(turn);
            lastArrival = System.nanoTime();
            if (worker == null) {
                worker = new Thread(this::work, "cody-batch-message-batches");
                worker.setDaemon(true);
                worker.start();
            }
            notifyAll();
        }
        return turn;
    }

    /**
     * The conversation gives its turn up (deadline passed, or cancelled). If that was the last live turn of its
     * batch, the batch is cancelled now, from the caller's thread, so a cancelled run leaves no batch running.
     */
    void giveUp(Turn turn) {
        turn.givenUp = true;
        Open batch;
        synchronized (this) {
            if (gathering.remove(turn)) {
                return;
            }
            batch = turn.batch;
            if (batch == null || !batch.allGivenUp() || batch.cancelled) {
                return;
            }
            batch.cancelled = true;
            open.remove(batch);
        }
        boolean interrupted = Thread.interrupted(); // a cancelled run's thread may still send this one request
        try {
            api.cancel(batch.id);
        } catch (ClaudeApiException | InterruptedException | RuntimeException e) {
            // The batch runs on until it expires; nothing waits for it and its answers are not used.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void work() {
        while (true) {
            try {
                List<Turn> ready = awaitWork();
                if (!ready.isEmpty()) {
                    create(ready);
                }
                pollDue();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // keep serving the other conversations; a turn without an answer reaches its deadline
            }
        }
    }

    /** Waits until a batch should be made (returns its turns) or a poll is due (returns none). */
    private synchronized List<Turn> awaitWork() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long wake = Long.MAX_VALUE;
            if (!gathering.isEmpty()) {
                long quietEnd = lastArrival + settings.gather().toNanos();
                long ageEnd = gathering.get(0).arrivedAt + settings.maxGather().toNanos();
                if (now >= quietEnd || now >= ageEnd || gathering.size() >= MAX_REQUESTS) {
                    List<Turn> ready = new ArrayList<>(gathering.subList(0, Math.min(gathering.size(), MAX_REQUESTS)));
                    gathering.removeAll(ready);
                    return ready;
                }
                wake = Math.min(quietEnd, ageEnd);
            }
            for (Open batch : open) {
                wake = Math.min(wake, batch.nextPoll);
            }
            if (wake <= now) {
                return List.of();
            }
            long millis = wake == Long.MAX_VALUE ? 0 : Math.max(1, (wake - now) / 1_000_000);
            wait(millis);
        }
    }

    private void create(List<Turn> turns) throws InterruptedException {
        Map<String, ObjectNode> requests = new LinkedHashMap<>();
        Map<String, Turn> byId = new LinkedHashMap<>();
        for (Turn turn : turns) {
            requests.put(turn.customId, turn.body);
            byId.put(turn.customId, turn);
        }
        MessageBatches.Batch created;
        try {
            created = api.create(requests);
        } catch (ClaudeApiException | RuntimeException e) {
            turns.forEach(t -> t.outcome.complete(new Outcome(null, "the message batch could not be created ("
                    + e.getMessage() + ")")));
            return;
        }
        long first = settings.firstPoll().toNanos();
        Open batch = new Open(created.id(), byId, System.nanoTime() + first, first);
        synchronized (this) {
            turns.forEach(t -> t.batch = batch);
            open.add(batch);
        }
        if (batch.allGivenUp()) {
            giveUp(turns.get(0)); // every conversation gave up while it was being created
        }
    }

    private void pollDue() throws InterruptedException {
        List<Open> due = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (Open batch : open) {
                if (batch.nextPoll <= now) {
                    due.add(batch);
                }
            }
        }
        for (Open batch : due) {
            poll(batch);
        }
    }

    private void poll(Open batch) throws InterruptedException {
        try {
            MessageBatches.Batch state = api.retrieve(batch.id);
            if (state.ended()) {
                deliver(batch, api.results(state));
                synchronized (this) {
                    open.remove(batch);
                }
                return;
            }
        } catch (ClaudeApiException | RuntimeException e) {
            // look again at the next poll; the turns' deadline bounds the wait
        }
        synchronized (this) {
            batch.pollDelay = Math.min(batch.pollDelay * 2, settings.maxPoll().toNanos());
            batch.nextPoll = System.nanoTime() + batch.pollDelay;
        }
    }

    private void deliver(Open batch, Map<String, JsonNode> results) {
        for (Turn turn : batch.turns.values()) {
            JsonNode result = results.get(turn.customId);
            String type = result == null ? "missing" : result.path("type").asText();
            long waited = (System.nanoTime() - turn.arrivedAt) / 1_000_000;
            if ("succeeded".equals(type) && result.path("message").has("content")) {
                JsonNode message = result.get("message");
                turn.outcome.complete(new Outcome(new ClaudeResponse(message, null, waited, 1, batch.id), null));
            } else if ("errored".equals(type)) {
                JsonNode error = result.path("error").path("error");
                turn.outcome.complete(new Outcome(null, "its batch entry errored (" + error.path("type").asText("error")
                        + ": " + error.path("message").asText("") + ")"));
            } else {
                turn.outcome.complete(new Outcome(null, "its batch entry ended " + type + " in batch " + batch.id));
            }
        }
    }
}
