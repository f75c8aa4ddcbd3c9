package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;
import java.io.IOException;
import jenkins.model.ArtifactManager;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements AccessControlled {
    public static final Permission ARTIFACTS = Permission.fromId("hudson.model.Run.Artifacts");

    protected Run(JobT job) throws IOException {}

    public JobT getParent() {
        throw new UnsupportedOperationException("stub");
    }

    public hudson.security.ACL getACL() {
        throw new UnsupportedOperationException("stub");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("stub");
    }

    public String getUrl() {
        throw new UnsupportedOperationException("stub");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException("stub");
    }

    public Result getResult() {
        throw new UnsupportedOperationException("stub");
    }

    public void setResult(Result r) {
        throw new UnsupportedOperationException("stub");
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    public RunT getPreviousBuild() {
        throw new UnsupportedOperationException("stub");
    }

    public final synchronized ArtifactManager pickArtifactManager() throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public final ArtifactManager getArtifactManager() {
        throw new UnsupportedOperationException("stub");
    }
}
