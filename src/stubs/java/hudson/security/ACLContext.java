package hudson.security;

public class ACLContext implements AutoCloseable {
    ACLContext() {}

    @Override
    public void close() {}
}
