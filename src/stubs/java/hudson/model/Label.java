package hudson.model;

public abstract class Label extends Actionable {
    protected Label(String name) {}

    public abstract String getExpression();

    public boolean isEmpty() {
        throw new UnsupportedOperationException("stub");
    }
}
