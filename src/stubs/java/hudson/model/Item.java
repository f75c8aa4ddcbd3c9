package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends AccessControlled {
    Permission READ = Permission.fromId("hudson.model.Item.Read");
    Permission BUILD = Permission.fromId("hudson.model.Item.Build");
    Permission CONFIGURE = Permission.fromId("hudson.model.Item.Configure");
    Permission CANCEL = Permission.fromId("hudson.model.Item.Cancel");
    Permission EXTENDED_READ = Permission.fromId("hudson.model.Item.ExtendedRead");

    String getFullName();

    String getUrl();
}
