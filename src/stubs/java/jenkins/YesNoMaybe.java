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
        // no switch: javac would emit a synthetic YesNoMaybe$1 class, which is not in the real API
        return this == YES ? Boolean.TRUE : this == NO ? Boolean.FALSE : null;
    }
}
