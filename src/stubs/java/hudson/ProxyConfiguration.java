package hudson;

import hudson.util.Secret;

public final class ProxyConfiguration {
    public final String name;
    public final int port;
    private final String noProxyHost;
    private final String userName;
    private final Secret secretPassword;

    public ProxyConfiguration(String name, int port) {
        this(name, port, null, null, null);
    }

    public ProxyConfiguration(String name, int port, String userName, String password, String noProxyHost) {
        this.name = name;
        this.port = port;
        this.noProxyHost = noProxyHost;
        this.userName = userName;
        this.secretPassword = Secret.fromString(password);
    }

    public String getUserName() {
        return userName;
    }

    public Secret getSecretPassword() {
        return secretPassword;
    }

    public String getNoProxyHost() {
        return noProxyHost;
    }
}
