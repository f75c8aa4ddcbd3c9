package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.Describable;

/** The real class extends the deprecated AbstractDescribableImpl; the stub names only the interface it gives. */
public abstract class Step implements Describable<Step>, ExtensionPoint {
    public Step() {}

    public abstract StepExecution start(StepContext context) throws Exception;
}
