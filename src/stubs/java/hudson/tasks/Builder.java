package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.model.Describable;

/** The real class extends the deprecated BuildStepCompatibilityLayer; the plugin uses none of its methods. */
public abstract class Builder implements BuildStep, Describable<Builder>, ExtensionPoint {
    public Builder() {}
}
