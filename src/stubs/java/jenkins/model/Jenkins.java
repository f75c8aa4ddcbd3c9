package jenkins.model;

import hudson.ProxyConfiguration;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.AccessControlled;
import hudson.security.Permission;

public class Jenkins implements AccessControlled, ItemGroup<TopLevelItem> {
    public static final Permission ADMINISTER = Permission.fromId("hudson.model.Hudson.Administer");

    protected Jenkins(java.io.File root, jakarta.servlet.ServletContext context) {}

    public ProxyConfiguration getProxy() {
        throw new UnsupportedOperationException("stub");
    }

    public hudson.security.ACL getACL() {
        throw new UnsupportedOperationException("stub");
    }

    public hudson.model.Label getLabel(String expr) {
        throw new UnsupportedOperationException("stub");
    }

    public static org.springframework.security.core.Authentication getAuthentication2() {
        return null;
    }

    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("stub");
    }
}
