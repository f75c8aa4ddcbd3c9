package hudson.security;

public interface AccessControlled {
    default void checkPermission(Permission permission) {}

    default boolean hasPermission(Permission permission) {
        return true;
    }
}
