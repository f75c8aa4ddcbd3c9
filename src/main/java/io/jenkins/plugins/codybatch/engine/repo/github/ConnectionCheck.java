package io.jenkins.plugins.codybatch.engine.repo.github;

import java.time.Instant;
import java.util.List;

/**
 * Result of a connection test ("doctor", Jenkins "Test connection").
 *
 * @param login      the user the token belongs to, or null for a GitHub App installation token
 * @param scopes     OAuth scopes from X-OAuth-Scopes (empty for fine-grained tokens and App tokens)
 * @param rateLimitRemaining core API requests left in the current window
 */
public record ConnectionCheck(String login, List<String> scopes, int rateLimitRemaining, int rateLimit, Instant rateLimitReset) {

    public ConnectionCheck {
        scopes = List.copyOf(scopes);
    }

    public String summary() {
        return "Connected" + (login == null ? "" : " as " + login)
                + (scopes.isEmpty() ? "" : ", scopes: " + String.join(", ", scopes))
                + "; rate limit " + rateLimitRemaining + "/" + rateLimit + " (resets " + rateLimitReset + ")";
    }
}
