package io.jenkins.plugins.codybatch.engine.claude;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.repo.FakeTime;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** The shared limiter's decisions, on a clock that only moves when the test moves it. */
class RateLimiterTest {

    /** A clock the test moves. */
    final FakeTime clock = new FakeTime();
    final RateLimiter limiter = new RateLimiter(clock);

    /** Input-token headers as api.anthropic.com sends them: limit per minute, what is left, when it is full again. */
    Headers inputBudget(long limit, long remaining) {
        return Headers.of("anthropic-ratelimit-input-tokens-limit", Long.toString(limit),
                "anthropic-ratelimit-input-tokens-remaining", Long.toString(remaining),
                "anthropic-ratelimit-input-tokens-reset", clock.instant().plusSeconds(60).toString());
    }

    /** A request of 400 characters, i.e. 100 input tokens at the starting estimate of 4 characters a token. */
    RateLimiter.Permit send() throws InterruptedException {
        RateLimiter.Permit permit = limiter.reserve(400, Duration.ZERO);
        permit.enter();
        return permit;
    }

    @Test
    void withNothingKnownRequestsGoAtOnce() throws Exception {
        for (int i = 0; i < 4; i++) {
            RateLimiter.Permit permit = send();
            assertThat(permit.delay()).isZero();
            permit.finished(200, Headers.of());
        }
    }

    @Test
    void aNearlyEmptyInputBudgetSpacesRequestsAtTheRateItRefills() throws Exception {
        send().finished(200, inputBudget(6000, 300)); // refills 100 tokens a second; 300 left
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(limiter.reserve(400, Duration.ZERO).delay());
        }
        assertThat(delays).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        assertThat(limiter.stats().delayedRequests()).isEqualTo(2);
    }

    @Test
    void theBudgetRefillsWhileTimePasses() throws Exception {
        send().finished(200, inputBudget(6000, 0));
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(3)); // the reserved one took 100 of the 300 refilled
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isZero();
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isZero();
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aResponseSeesRequestsReservedForLaterAsAlreadySpent() throws Exception {
        RateLimiter.Permit first = send();
        first.finished(200, inputBudget(6000, 0));
        RateLimiter.Permit later = limiter.reserve(400, Duration.ZERO); // starts in 1 s
        assertThat(later.delay()).isEqualTo(Duration.ofSeconds(1));
        // Another response, sent before `later` was reserved, still says 0 left: `later` keeps its claim.
        RateLimiter.Permit other = limiter.reserve(0, Duration.ZERO);
        other.enter();
        other.finished(200, inputBudget(6000, 0));
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void usageTeachesTheTokensPerCharacter() throws Exception {
        RateLimiter.Permit permit = send();
        permit.finished(200, inputBudget(6000, 0));
        // The API counted 200 input tokens plus 200 written to the cache for 400 characters: 1 token a character.
        limiter.learn(400, new Usage(200, 50, 200, 5000));
        RateLimiter.Permit next = limiter.reserve(400, Duration.ZERO);
        assertThat(next.delay()).isGreaterThan(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void a429PausesEveryRequestUntilItsRetryAfterAndHalvesTheWindow() throws Exception {
        RateLimiter.Permit limited = send();
        limited.finished(429, Headers.of("retry-after", "5"));
        assertThat(limiter.stats().rateLimited()).isEqualTo(1);
        assertThat(limiter.stats().window()).isEqualTo(2);
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isEqualTo(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(2));
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isEqualTo(Duration.ofSeconds(3));
        // A retry's own backoff longer than the pause wins.
        assertThat(limiter.reserve(400, Duration.ofSeconds(10)).delay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void several429sFromRequestsAlreadyInFlightHalveTheWindowOnce() throws Exception {
        List<RateLimiter.Permit> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(send());
        }
        clock.advance(Duration.ofMillis(10));
        for (RateLimiter.Permit permit : inFlight) {
            permit.finished(429, Headers.of("retry-after", "1"));
        }
        assertThat(limiter.stats().window()).isEqualTo(2);
        assertThat(limiter.stats().rateLimited()).isEqualTo(4);
        // A request sent after the halving that is limited again halves again.
        clock.advance(Duration.ofSeconds(1));
        send().finished(429, Headers.of("retry-after", "1"));
        assertThat(limiter.stats().window()).isEqualTo(1);
    }

    @Test
    void theWindowRecoversGraduallyAfterA429() throws Exception {
        for (int i = 0; i < 40; i++) {
            send().finished(200, Headers.of());
        }
        assertThat(limiter.stats().window()).isGreaterThan(16);
        clock.advance(Duration.ofSeconds(1));
        send().finished(429, Headers.of("retry-after", "1"));
        int halved = limiter.stats().window();
        clock.advance(Duration.ofSeconds(2));
        List<Integer> windows = new ArrayList<>();
        for (int i = 0; i < 3 * halved; i++) {
            send().finished(200, Headers.of());
            windows.add(limiter.stats().window());
        }
        // One more per window of successes, not back to the old size at once.
        assertThat(windows).isSorted();
        assertThat(windows.get(windows.size() - 1)).isBetween(halved + 1, halved + 4);
    }

    @Test
    void aNearlySpentBudgetStopsTheWindowGrowing() throws Exception {
        int before = limiter.stats().window();
        for (int i = 0; i < 10; i++) {
            send().finished(200, inputBudget(100_000, 5_000));
        }
        assertThat(limiter.stats().window()).isEqualTo(before);
        send().finished(200, inputBudget(100_000, 50_000));
        assertThat(limiter.stats().window()).isEqualTo(before + 1);
    }

    @Test
    void theWindowHoldsBackTheRequestOverItUntilOneFinishes() throws Exception {
        List<RateLimiter.Permit> inFlight = new ArrayList<>();
        for (int i = 0; i < RateLimiter.INITIAL_WINDOW; i++) {
            inFlight.add(send());
        }
        RateLimiter.Permit fifth = limiter.reserve(400, Duration.ZERO);
        Thread waiter = new Thread(() -> {
            try {
                fifth.enter();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(limiter.stats().inFlight()).isEqualTo(RateLimiter.INITIAL_WINDOW);
        inFlight.get(0).finished(200, Headers.of());
        waiter.join();
        assertThat(limiter.stats().inFlight()).isEqualTo(RateLimiter.INITIAL_WINDOW);
    }

    @Test
    void withoutALimitHeaderAnEmptyBudgetWaitsForItsReset() throws Exception {
        send().finished(200, Headers.of("anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", clock.instant().plusSeconds(12).toString()));
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void theRequestsBudgetCountsRequests() throws Exception {
        send().finished(200, Headers.of("anthropic-ratelimit-requests-limit", "60",
                "anthropic-ratelimit-requests-remaining", "1"));
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isZero();
        assertThat(limiter.reserve(400, Duration.ZERO).delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void oneSharedLimiterPerAddressAndKey() {
        RateLimiter a = RateLimiter.shared("https://api.example.invalid", "sk-ant-one-1234567");
        assertThat(RateLimiter.shared("https://api.example.invalid", "sk-ant-one-1234567")).isSameAs(a);
        assertThat(RateLimiter.shared("https://api.example.invalid", "sk-ant-two-1234567")).isNotSameAs(a);
        assertThat(RateLimiter.shared("https://other.example.invalid", "sk-ant-one-1234567")).isNotSameAs(a);
    }
}
