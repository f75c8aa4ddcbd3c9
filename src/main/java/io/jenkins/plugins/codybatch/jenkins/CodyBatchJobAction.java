package io.jenkins.plugins.codybatch.jenkins;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** "Cody Batch trend" on a job: outcomes, tokens and cost of its recent batches, newest first. */
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
        return "Cody Batch trend";
    }

    @Override
    public String getUrlName() {
        return "cody-batch-trend";
    }

    /** One batch in the trend (a build with two codyBatch steps has two). */
    public record Point(int build, String page, String name, String result, int completed, int noChanges, int failed,
            int skipped, long tokens, double cost) {}

    public List<Point> getTrend() {
        List<Point> points = new ArrayList<>();
        for (Run<?, ?> build : job.getBuilds().limit(BUILDS)) {
            for (CodyBatchAction batch : build.getActions(CodyBatchAction.class)) {
                points.add(new Point(build.getNumber(), batch.getUrlName(), batch.getName(),
                        build.getResult() == null ? null : build.getResult().toString(), batch.getCompleted(),
                        batch.getNoChanges(), batch.getFailed(), batch.getSkipped(), batch.getTotalTokens(),
                        batch.getCost()));
            }
        }
        return points;
    }

    /** GET trend: the same points as JSON, for scripts and charts. */
    public void doTrend(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        job.checkPermission(Item.READ);
        rsp.setContentType("application/json;charset=UTF-8");
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
