package jenkins;

/** Stub of the real enum. */
public enum YesNoMaybe {
    YES,
    NO,
    MAYBE;

    public static Boolean toBoolean(YesNoMaybe v) {
        return v == null ? null : v.toBool();
    }

    public Boolean toBool() {
        // No switch: javac would emit a synthetic YesNoMaybe$1 class, which is not part of the real API.
        if (this == YES) {
            return Boolean.TRUE;
        }
        return this == NO ? Boolean.FALSE : null;
    }
}
