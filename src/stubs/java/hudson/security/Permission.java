package hudson.security;

public final class Permission {
    private final String name;

    private Permission(String name) {
        this.name = name;
    }

    /** The stub's constants are made here: the plugin never creates a permission. */
    public static Permission fromId(String id) {
        return new Permission(id);
    }

    @Override
    public String toString() {
        return "Permission[" + name + "]";
    }
}
