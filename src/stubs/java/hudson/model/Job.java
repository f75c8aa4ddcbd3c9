package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
    protected Job(ItemGroup parent, String name) {}

    public RunT getBuildByNumber(int n) {
        throw new UnsupportedOperationException("stub");
    }

    public hudson.util.RunList<RunT> getBuilds() {
        throw new UnsupportedOperationException("stub");
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("stub");
    }
}
