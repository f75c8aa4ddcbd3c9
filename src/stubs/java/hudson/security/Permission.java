package hudson.security;

public final class Permission {
    private final String name;

    @Deprecated
    public Permission(PermissionGroup group, String name, Permission impliedBy) {
        this.name = name;
    }

    @Override
    public String toString() {
        return "Permission[" + name + "]";
    }
}
