package hudson.remoting;

public interface VirtualChannel {
    /** Makes {@code instance} callable from the other side of the channel, through a proxy of {@code type}. */
    <T> T export(Class<T> type, T instance);
}
