package io.jenkins.plugins.codybatch.jenkins;

import hudson.AbortException;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import java.io.IOException;

/**
 * An exception the step reports (in the build log, with its stack trace, and as the step's error), with the batch's
 * secrets masked. When neither its message nor those of its causes hold a secret it is reported as it is; otherwise it
 * is replaced by one of the same kind whose message is the masked chain of messages (the stack trace is kept, the
 * causes are not, since their messages hold the secret).
 */
final class MaskedException {

    private MaskedException() {}

    static IOException of(IOException e, Redactor mask) {
        String chain = chain(e);
        String masked = mask.redact(chain);
        if (masked.equals(chain)) {
            return e;
        }
        IOException replacement = e instanceof AbortException ? new AbortException(masked) : new IOException(masked);
        replacement.setStackTrace(e.getStackTrace());
        return replacement;
    }

    static RuntimeException of(RuntimeException e, Redactor mask) {
        String chain = chain(e);
        String masked = mask.redact(chain);
        if (masked.equals(chain)) {
            return e;
        }
        RuntimeException replacement = new IllegalStateException(masked);
        replacement.setStackTrace(e.getStackTrace());
        return replacement;
    }

    /** The message of the exception and of each cause: "message (caused by Type: message)". */
    static String chain(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" (caused by ").append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append(')');
        }
        return text.toString();
    }
}
