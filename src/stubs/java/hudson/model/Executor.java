package hudson.model;

public class Executor extends Thread {
    public Executor(Computer owner, int n) {}

    public static Executor currentExecutor() {
        throw new UnsupportedOperationException("stub");
    }

    public Computer getOwner() {
        throw new UnsupportedOperationException("stub");
    }
}
