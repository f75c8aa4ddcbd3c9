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
        return switch (this) {
            case YES -> Boolean.TRUE;
            case NO -> Boolean.FALSE;
            case MAYBE -> null;
        };
    }
}
