package hudson.model.queue;

import hudson.model.Label;
import hudson.model.Queue;
import java.io.IOException;
import jenkins.model.queue.ITask;

public interface SubTask extends ITask {
    default Label getAssignedLabel() {
        return null;
    }

    Queue.Executable createExecutable() throws IOException;

    default long getEstimatedDuration() {
        return -1;
    }

    default Queue.Task getOwnerTask() {
        return (Queue.Task) this;
    }
}
