package hudson;

public final class ProxyConfiguration {
    public final String name;
    public final int port;
    private final String noProxyHost;

    public ProxyConfiguration(String name, int port) {
        this(name, port, null, null, null);
    }

    public ProxyConfiguration(String name, int port, String userName, String password, String noProxyHost) {
        this.name = name;
        this.port = port;
        this.noProxyHost = noProxyHost;
    }

    public String getNoProxyHost() {
        return noProxyHost;
    }
}
