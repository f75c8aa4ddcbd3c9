package hudson.security;

public interface AccessControlled {
    ACL getACL();

    default void checkPermission(Permission permission) {}

    default boolean hasPermission(Permission permission) {
        return true;
    }
}
