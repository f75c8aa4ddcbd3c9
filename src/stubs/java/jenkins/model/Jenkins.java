package jenkins.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = new Permission(null, "Jenkins.Administer", null);

    protected Jenkins(java.io.File root, jakarta.servlet.ServletContext context) {}

    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("stub");
    }
}
