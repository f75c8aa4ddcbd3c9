package hudson.model;

public abstract class Computer extends Actionable {
    protected Computer(Node node) {}

    public Node getNode() {
        throw new UnsupportedOperationException("stub");
    }
}
