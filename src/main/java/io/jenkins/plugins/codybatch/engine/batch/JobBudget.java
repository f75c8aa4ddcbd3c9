package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * What a whole job may spend (summary.json's job.budget): once spent, no repository starts and the running ones
 * stop before their next model request ({@link JobSpend}, {@link BatchStopper}). It counts one run: a
 * --retry-failed run may spend it again.
 *
 * @param maxTokens tokens (input, output and cache) over the job's repositories; 0 for no limit
 * @param maxCost   US dollars over the job's repositories; 0 for no limit
 */
public record JobBudget(long maxTokens, double maxCost) implements Serializable {

    public JobBudget {
        if (maxTokens < 0 || maxCost < 0) {
            throw new IllegalArgumentException("a job's budget must not be negative");
        }
    }

    /** The budget, or null when neither limit is set (no budget, nothing recorded). */
    public static JobBudget of(long maxTokens, double maxCost) {
        return maxTokens > 0 || maxCost > 0 ? new JobBudget(maxTokens, maxCost) : null;
    }

    /** Why the job may spend no more after {@code tokens} and {@code cost}, naming the option; null while within. */
    public String spentReason(long tokens, double cost, Host host) {
        if (maxCost > 0 && cost >= maxCost) {
            return String.format(Locale.ROOT, "the job's budget of $%s (%s) is spent: $%.4f so far", dollars(maxCost),
                    JobOption.MAX_JOB_COST.nameIn(host), cost);
        }
        if (maxTokens > 0 && tokens >= maxTokens) {
            return String.format(Locale.ROOT, "the job's budget of %,d tokens (%s) is spent: %,d so far", maxTokens,
                    JobOption.MAX_JOB_TOKENS.nameIn(host), tokens);
        }
        return null;
    }

    /** 20.00, 2.50, 0.005: cents, or as many digits as were given. */
    private static String dollars(double amount) {
        return Math.rint(amount * 100) == amount * 100 ? String.format(Locale.ROOT, "%.2f", amount)
                : BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
    }
}
