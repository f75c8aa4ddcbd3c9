package hudson.model.queue;

import hudson.ExtensionPoint;
import hudson.model.Queue;

public abstract class QueueListener implements ExtensionPoint {
    public QueueListener() {}

    public void onLeft(Queue.LeftItem li) {}
}
