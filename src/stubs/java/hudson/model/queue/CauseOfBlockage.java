package hudson.model.queue;

public abstract class CauseOfBlockage {
    public CauseOfBlockage() {}

    public abstract String getShortDescription();
}
