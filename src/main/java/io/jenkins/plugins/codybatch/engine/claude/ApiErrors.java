package io.jenkins.plugins.codybatch.engine.claude;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeApiException.Kind;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.IOException;
import java.util.Locale;

/**
 * Turns an error response of the Claude API into a {@link ClaudeApiException} whose message says what happened and
 * what to do, with the request id and without any secret.
 */
final class ApiErrors {

    private final ClaudeSettings settings;
    private final Redactor redactor;

    ApiErrors(ClaudeSettings settings, Redactor redactor) {
        this.settings = settings;
        this.redactor = redactor;
    }

    static JsonNode parseJson(ClaudeClient.Raw raw) {
        try {
            return Json.MAPPER.readTree(raw.body());
        } catch (IOException e) {
            return null;
        }
    }

    ClaudeApiException notJson(ClaudeClient.Raw raw) {
        String contentType = raw.headers().get("content-type");
        String snippet = raw.body().replaceAll("\\s+", " ").trim();
        java.util.regex.Matcher title = java.util.regex.Pattern.compile("(?i)<title>(.*?)</title>").matcher(raw.body());
        if (title.find()) {
            snippet = "page titled '" + title.group(1).trim() + "'";
        } else if (snippet.length() > 120) {
            snippet = "'" + snippet.substring(0, 120) + "...'";
        } else {
            snippet = "'" + snippet + "'";
        }
        return new ClaudeApiException(Kind.NOT_JSON, raw.status(), null, raw.requestId(), redactor.redact(
                "The Claude API address " + settings.baseUrl() + " answered HTTP " + raw.status() + " with "
                        + (contentType == null ? "no content type" : contentType) + " instead of JSON (" + snippet
                        + "). A proxy or a wrong API URL is the usual cause: check the API URL and the proxy settings." + requestIdNote(raw.requestId())));
    }

    /** The failure a non-2xx response stands for, after {@code attempts} attempts. */
    ClaudeApiException failure(ClaudeClient.Raw raw, int attempts) {
        JsonNode parsed = parseJson(raw);
        if (parsed == null || !parsed.isObject()) {
            return notJson(raw);
        }
        JsonNode error = parsed.path("error");
        String type = error.path("type").asText(null);
        String apiMessage = error.path("message").asText("");
        String requestId = raw.requestId() != null ? raw.requestId() : parsed.path("request_id").asText(null);
        int status = raw.status();
        String said = apiMessage.isEmpty() ? "" : " The API said: \"" + apiMessage + "\".";
        String lower = apiMessage.toLowerCase(Locale.ROOT);
        Kind kind;
        String text;
        if (status == 401) {
            kind = Kind.AUTHENTICATION;
            text = "The Claude API rejected the API key (401 " + orDefault(type, "authentication_error") + ")."
                    + " Check the Anthropic API key (ANTHROPIC_API_KEY or the Jenkins credential): it may be"
                    + " mistyped, revoked or from another organization.";
        } else if (status == 403) {
            kind = Kind.PERMISSION;
            text = "The API key is not allowed to do this (403 " + orDefault(type, "permission_error") + ")." + said
                    + " Check that the key's workspace may use model " + settings.model() + ", or use another key.";
        } else if (status == 402 || "billing_error".equals(type)) {
            kind = Kind.BILLING;
            text = "The Anthropic account cannot be billed (" + status + " " + orDefault(type, "billing_error") + ")."
                    + said + " Add credit or fix the payment method in the Anthropic console.";
        } else if (status == 404) {
            boolean model = lower.contains("model") || raw.body().contains("model");
            kind = model ? Kind.MODEL_NOT_FOUND : Kind.NOT_FOUND;
            text = model ? modelNotFoundMessage(null) + said
                    : "The Claude API has no such endpoint (404 " + orDefault(type, "not_found_error") + ")." + said
                            + " Check the API URL (now " + settings.baseUrl() + ").";
        } else if (status == 413) {
            kind = Kind.REQUEST_TOO_LARGE;
            text = "The request is larger than the API accepts (413 " + orDefault(type, "request_too_large")
                    + ", 32 MB at most). A tool result or the prompt is far too big: shorten the prompt.";
        } else if (status == 400 && (lower.contains("prompt is too long") || lower.contains("context window")
                || lower.contains("context length") || lower.contains("context limit") || lower.contains("too many tokens")
                || lower.contains("input is too long") || lower.contains("input length"))) {
            // checked before max_tokens: "input length and max_tokens exceed context limit" is about the input
            kind = Kind.CONTEXT_EXCEEDED;
            text = "The conversation no longer fits model " + settings.model() + "'s context window (400 "
                    + orDefault(type, "invalid_request_error") + ")." + said
                    + " Use a shorter prompt, split the task, or choose a model with a larger context window.";
        } else if (status == 400 && lower.contains("max_tokens")) {
            kind = Kind.MAX_TOKENS_TOO_LARGE;
            text = "max_tokens " + settings.maxTokens() + " is more than model " + settings.model() + " allows."
                    + said + " Lower max_tokens (CLAUDE_MAX_TOKENS or the maxTokens setting).";
        } else if (status == 400 || status == 422) {
            kind = Kind.INVALID_REQUEST;
            text = "The Claude API rejected the request (" + status + " " + orDefault(type, "invalid_request_error")
                    + ")." + said + " Check the model, max_tokens and prompt settings.";
        } else if (status == 429) {
            kind = Kind.RATE_LIMITED;
            text = raw.body().contains("enforced_spend_limit_reached")
                    ? "The organization's spend limit is reached (429)." + said
                            + " Raise the limit in the Anthropic console; waiting will not help."
                    : "The Claude API rate limit was still hit after " + attempts + " attempt(s) (429 "
                            + orDefault(type, "rate_limit_error") + ")." + said
                            + " Lower the batch parallelism or ask Anthropic for higher rate limits, then run again.";
        } else if (status == 529 || "overloaded_error".equals(type)) {
            kind = Kind.OVERLOADED;
            text = "The Claude API stayed overloaded through " + attempts + " attempt(s) (" + status + " "
                    + orDefault(type, "overloaded_error") + "). This is on Anthropic's side: run again later,"
                    + " or with lower parallelism.";
        } else {
            kind = Kind.SERVER_ERROR;
            text = "The Claude API failed with HTTP " + status + (type == null ? "" : " " + type) + " after "
                    + attempts + " attempt(s)." + said + " Run again later; if it persists, check status.anthropic.com.";
        }
        return new ClaudeApiException(kind, status, type, requestId, redactor.redact(text + requestIdNote(requestId)));
    }

    String modelNotFoundMessage(String requestId) {
        return "Model '" + settings.model() + "' was not found for this API key (404 not_found_error). Check the"
                + " model id (CLAUDE_MODEL or the model setting), e.g. " + ClaudeSettings.DEFAULT_MODEL + "."
                + requestIdNote(requestId);
    }

    private static String requestIdNote(String requestId) {
        return requestId == null ? "" : " (request-id " + requestId + ")";
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
