package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table printed at the end of a run, one row per repository in the order they were given: status, files
 * changed, tokens, cost and pull request. Amounts are this run's and earlier attempts' together, like the totals.
 */
final class FinalTable {

    private FinalTable() {}

    static List<String> rows(BatchSummary summary) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"REPOSITORY", "STATUS", "FILES", "TOKENS", "COST", "PULL REQUEST"});
        for (RepositoryEntry entry : summary.repositories()) {
            RepoResult r = entry.result();
            String name = r == null || r.repository() == null ? entry.spec() : r.repository();
            if (r == null) {
                cells.add(new String[] {name, entry.status().name(), "", "", "", ""});
                continue;
            }
            PullRequestRef pr = r.pullRequest();
            cells.add(new String[] {name, entry.status().name(),
                r.outputs().report() != null ? "report" : String.valueOf(r.filesChanged().size()),
                String.format(Locale.ROOT, "%,d", r.totalUsage().totalTokens()),
                String.format(Locale.ROOT, "$%.4f", r.totalCost()),
                pr == null ? "-" : pr.url() + " (" + pr.action() + ")"});
        }
        int[] widths = new int[6];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : cells) {
            // text columns to the left, numbers to the right
            lines.add(String.format(Locale.ROOT, "  %-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %"
                    + widths[3] + "s  %" + widths[4] + "s  %s", (Object[]) row).stripTrailing());
        }
        return lines;
    }
}
