package io.jenkins.plugins.codybatch.jenkins;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.PullRequestTotals;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * "Cody Batch campaign" on a job: its recent batches, newest first, and how the pull requests of each campaign (the
 * batches of one name, build after build) went: the results viewer draws them from {@link #doTrend}.
 */
public class CodyBatchJobAction implements Action {

    static final int BUILDS = 30;

    private final Job<?, ?> job;

    CodyBatchJobAction(Job<?, ?> job) {
        this.job = job;
    }

    public int getBuildsShown() {
        return BUILDS;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return "Cody Batch campaign";
    }

    @Override
    public String getUrlName() {
        return "cody-batch-trend";
    }

    /**
     * One batch in the trend (a build with two codyBatch steps has two), from its summary.json (trend.schema.json).
     *
     * @param page the batch's page on the build (cody-batch, cody-batch-2, ...)
     * @param name the batch's name: the batches of one name, build after build, are one campaign
     */
    public record Point(int build, String page, String name, String result, String started,
            Map<RepoStatus, Integer> counts, long totalTokens, double cost, PullRequestTotals pullRequestStates) {}

    public List<Point> getTrend() {
        List<Point> points = new ArrayList<>();
        for (Run<?, ?> build : job.getBuilds().limit(BUILDS)) {
            for (CodyBatchAction batch : build.getActions(CodyBatchAction.class)) {
                BatchSummary s = batch.getSummary();
                if (s != null) {
                    points.add(new Point(build.getNumber(), batch.getUrlName(), batch.getName(),
                            build.getResult() == null ? null : build.getResult().toString(), s.started(), s.counts(),
                            s.totalTokens(), s.cost(), s.pullRequestStates()));
                }
            }
        }
        return points;
    }

    /** GET trend: the same points as JSON, for scripts and charts. */
    public void doTrend(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        job.checkPermission(Item.READ);
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.getOutputStream().write(Json.MAPPER.writeValueAsBytes(getTrend()));
    }

    /** Adds the trend to jobs whose recent builds ran Cody Batch. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class Factory extends TransientActionFactory<Job> {

        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Class<CodyBatchJobAction> actionType() {
            return CodyBatchJobAction.class;
        }

        /** Looks at the last build only: cheap enough for every page of the job. */
        @Override
        public Collection<? extends Action> createFor(Job target) {
            Run<?, ?> last = target.getLastBuild();
            return last != null && last.getAction(CodyBatchAction.class) != null
                    ? List.of(new CodyBatchJobAction(target)) : List.of();
        }
    }
}
