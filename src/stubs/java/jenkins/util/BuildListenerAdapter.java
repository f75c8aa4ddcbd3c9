package jenkins.util;

import hudson.model.BuildListener;
import hudson.model.TaskListener;

public final class BuildListenerAdapter implements BuildListener {
    private final TaskListener delegate;

    private BuildListenerAdapter(TaskListener delegate) {
        this.delegate = delegate;
    }

    public static BuildListener wrap(TaskListener l) {
        return new BuildListenerAdapter(l);
    }

    @Override
    public java.io.PrintStream getLogger() {
        return delegate.getLogger();
    }
}
