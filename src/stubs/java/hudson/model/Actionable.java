package hudson.model;

public abstract class Actionable {
    public Actionable() {}

    public void addAction(Action a) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean addOrReplaceAction(Action a) {
        throw new UnsupportedOperationException("stub");
    }

    public <T extends Action> java.util.List<T> getActions(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }
}
