package hudson.model;

public class Queue {
    private Queue() {}

    public abstract static class Item extends Actionable {
        private Item() {}
    }
}
