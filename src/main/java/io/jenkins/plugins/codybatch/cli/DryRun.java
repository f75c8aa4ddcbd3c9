package io.jenkins.plugins.codybatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchPreview.Delivery;
import io.jenkins.plugins.codybatch.engine.batch.BatchPreview.Entry;
import io.jenkins.plugins.codybatch.engine.batch.BatchPreview.Verdict;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * --dry-run: what the job would do to each repository and why not, found without cloning or asking the model;
 * with --json the plan as JSON (docs/cli.md). Exit code 1 when a repository would fail, as a run would.
 */
final class DryRun {

    private final CliContext context;
    private final Console console;

    DryRun(CliContext context, Console console) {
        this.context = context;
        this.console = console;
    }

    int run(JobFromFlags.Prepared prepared) {
        BatchJob job = prepared.job();
        List<Entry> plan;
        try {
            plan = context.components().preview(prepared.settings(), job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("the dry run was interrupted");
        } catch (Exception e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = console.human();
        if (!console.quiet()) {
            out.printf(Locale.ROOT, "Dry run of %s: %d %s; nothing is cloned and no model request is made%n",
                    job.name(), plan.size(), plan.size() == 1 ? "repository" : "repositories");
            plan.forEach(entry -> out.println(line(entry)));
        }
        long fail = plan.stream().filter(e -> e.verdict() == Verdict.FAIL).count();
        long skip = plan.stream().filter(e -> e.verdict() == Verdict.SKIP).count();
        long pullRequests = plan.stream().filter(e -> e.delivery() == Delivery.PULL_REQUEST
                || e.delivery() == Delivery.FORK_PULL_REQUEST).count();
        long work = plan.size() - fail - skip;
        out.printf(Locale.ROOT, "%s: %d would fail, %d would be worked%s, %d skipped%n", job.name(), fail, work,
                job.createPullRequests() ? " (" + pullRequests + " with a pull request, " + (work - pullRequests)
                        + " patch only)" : "", skip);
        out.flush();
        if (console.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("dry_run", true);
            json.put("name", job.name());
            json.put("type", job.type());
            json.put("create_pull_requests", job.createPullRequests());
            json.put("repositories", plan);
            try {
                console.data().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            console.data().flush();
        }
        return fail > 0 ? CodyBatchCli.FAILURES : CodyBatchCli.OK;
    }

    /** "WORK       acme/app  pull request against main", "SKIP       other/x  not allowed ...". */
    static String line(Entry entry) {
        String name = entry.repository() != null ? entry.repository() : entry.spec();
        String what = switch (entry.verdict()) {
            case FAIL, SKIP -> entry.note();
            case WORK -> switch (entry.delivery()) {
                case PULL_REQUEST -> "pull request" + against(entry);
                case FORK_PULL_REQUEST -> "pull request from a fork" + against(entry) + " (" + entry.note() + ")";
                case PATCH -> entry.note() == null ? "patch" : "patch only: " + entry.note();
                case REPORT -> "report";
            };
        };
        return String.format(Locale.ROOT, "%-10s %s  %s", entry.verdict(), name, what);
    }

    private static String against(Entry entry) {
        return entry.baseBranch() == null ? "" : " against " + entry.baseBranch();
    }
}
