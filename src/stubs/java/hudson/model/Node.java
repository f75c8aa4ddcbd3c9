package hudson.model;

import hudson.FilePath;

public abstract class Node {
    public Node() {}

    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract String getNodeName();

    public abstract FilePath getWorkspaceFor(TopLevelItem item);

    public abstract FilePath getRootPath();

    public abstract int getNumExecutors();
}
