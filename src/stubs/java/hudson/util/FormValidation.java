package hudson.util;

import java.io.IOException;

/** Stub: concrete so that no synthetic subclass (absent from the real API) is emitted. */
public class FormValidation extends IOException {
    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return of(Kind.OK, null);
    }

    public static FormValidation ok(String message) {
        return of(Kind.OK, message);
    }

    public static FormValidation warning(String message) {
        return of(Kind.WARNING, message);
    }

    public static FormValidation error(String message) {
        return of(Kind.ERROR, message);
    }

    private static FormValidation of(Kind kind, String message) {
        return new FormValidation(kind, message);
    }

    public String renderHtml() {
        return getMessage();
    }

    public enum Kind {
        OK,
        WARNING,
        ERROR
    }
}
