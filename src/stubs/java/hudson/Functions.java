package hudson;

public class Functions {
    public Functions() {}

    /** Stub: off, as in Jenkins unless the system property enables it. */
    public static boolean isArtifactsPermissionEnabled() {
        return false;
    }
}
