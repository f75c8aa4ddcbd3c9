package io.jenkins.plugins.codybatch.engine.claude;

/**
 * A Messages API failure that retries could not mend. The message says what went wrong and what to do;
 * it never contains the API key.
 */
public final class ClaudeApiException extends Exception {

    /** What kind of failure, so callers can react (fail the batch on a bad key, clear context when too long). */
    public enum Kind {
        AUTHENTICATION,
        PERMISSION,
        BILLING,
        MODEL_NOT_FOUND,
        NOT_FOUND,
        MAX_TOKENS_TOO_LARGE,
        CONTEXT_EXCEEDED,
        REQUEST_TOO_LARGE,
        INVALID_REQUEST,
        RATE_LIMITED,
        OVERLOADED,
        SERVER_ERROR,
        NOT_JSON,
        NETWORK
    }

    private final Kind kind;
    private final int status;
    private final String errorType;
    private final String requestId;

    public ClaudeApiException(Kind kind, int status, String errorType, String requestId, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.errorType = errorType;
        this.requestId = requestId;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** The API's error.type (e.g. {@code overloaded_error}), or null. */
    public String errorType() {
        return errorType;
    }

    /** The request-id header or body field, or null. */
    public String requestId() {
        return requestId;
    }

    /** True when no other repository can succeed either (bad key, no permission, no credit). */
    public boolean affectsWholeBatch() {
        return kind == Kind.AUTHENTICATION || kind == Kind.PERMISSION || kind == Kind.BILLING
                || kind == Kind.MODEL_NOT_FOUND || kind == Kind.MAX_TOKENS_TOO_LARGE;
    }
}
