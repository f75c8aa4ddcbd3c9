package io.jenkins.plugins.codybatch.engine.agent;

import io.jenkins.plugins.codybatch.engine.results.Usage;

/**
 * How a conversation ended.
 *
 * @param finalText  the model's last text (its summary of the change, or the analysis answer); may be empty
 * @param iterations model requests made
 * @param cost       US dollars
 * @param error      a sentence a person can act on, when {@code ending} is not DONE; null otherwise
 * @param repairs    the part of iterations, usage and cost spent after a failed check (see {@link TurnCheck})
 * @param batchError set when the failure concerns every repository of the batch (RepoResult.API_KEY_REFUSED,
 *                   RepoResult.API_UNREACHABLE); null otherwise
 */
public record AgentOutcome(Ending ending, String finalText, int iterations, Usage usage, double cost, String error,
        Spend repairs, String batchError) {

    public AgentOutcome {
        repairs = repairs == null ? Spend.ZERO : repairs;
    }

    /** An outcome with no repair turns. */
    public AgentOutcome(Ending ending, String finalText, int iterations, Usage usage, double cost, String error) {
        this(ending, finalText, iterations, usage, cost, error, Spend.ZERO, null);
    }

    public AgentOutcome(Ending ending, String finalText, int iterations, Usage usage, double cost, String error,
            Spend repairs) {
        this(ending, finalText, iterations, usage, cost, error, repairs, null);
    }

    /** Model requests, their tokens and their price. */
    public record Spend(int iterations, Usage usage, double cost) {

        public static final Spend ZERO = new Spend(0, Usage.ZERO, 0);

        public Spend plus(Usage more, double moreCost) {
            return new Spend(iterations + 1, usage.plus(more), cost + moreCost);
        }
    }

    public enum Ending {
        /** The model said it was done (end_turn). */
        DONE,
        /** A budget (iterations, tokens, cost) stopped it; the work so far is in the checkout. */
        BUDGET_EXHAUSTED,
        /** The model declined (stop_reason refusal). */
        REFUSED,
        /** The API or the conversation failed in a way retries could not mend (error says how). */
        FAILED
    }
}
