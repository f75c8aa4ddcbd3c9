package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends AccessControlled {
    Permission READ = new Permission(null, "Item.Read", null);
    Permission BUILD = new Permission(null, "Item.Build", null);
    Permission CONFIGURE = new Permission(null, "Item.Configure", null);
    Permission CANCEL = new Permission(null, "Item.Cancel", null);
    Permission EXTENDED_READ = new Permission(null, "Item.ExtendedRead", null);

    String getFullName();

    String getUrl();
}
