package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.results.Usage;

/**
 * The live spend of a job's conversations, counted response by response, against the job's budget. One is shared
 * between every conversation and the batch runner, so a spent budget stops them all at their next turn; in Jenkins
 * it lives on the controller and the nodes reach it through their channel (docs/cli.md, "Budgets").
 */
public final class JobSpend implements SharedSpend {

    private final JobBudget budget;
    private final Host host;
    private long tokens;
    private double cost;

    /** @param budget null for none: the spend is still counted (the CLI's live line shows it) */
    public JobSpend(JobBudget budget, Host host) {
        this.budget = budget;
        this.host = host;
    }

    @Override
    public synchronized void add(Usage usage, double more) {
        tokens += usage.totalTokens();
        cost += more;
    }

    @Override
    public synchronized String exhausted() {
        return budget == null ? null : budget.spentReason(tokens, cost, host);
    }

    public synchronized long tokens() {
        return tokens;
    }

    public synchronized double cost() {
        return cost;
    }
}
