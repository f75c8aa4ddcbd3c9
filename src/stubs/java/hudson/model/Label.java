package hudson.model;

public abstract class Label extends Actionable {
    protected Label(String name) {}

    public abstract String getExpression();

    public boolean isEmpty() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isOffline() {
        throw new UnsupportedOperationException("stub");
    }

    public java.util.Set<Node> getNodes() {
        throw new UnsupportedOperationException("stub");
    }

    public java.util.Set<?> getClouds() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean contains(Node node) {
        throw new UnsupportedOperationException("stub");
    }
}
