package io.jenkins.plugins.codybatch.jenkins;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link ProcessorFactory} needs on the agent to build a repository processor. The secret
 * values come from Jenkins credentials (or withCredentials variables) of the running build; they live
 * only in memory, travel over the encrypted agent channel and are never logged: {@link #toString()}
 * hides them and {@link #mask(String)} removes them from any text before it is printed.
 *
 * @param anthropicApiBaseUrl Messages API base URL, e.g. https://api.anthropic.com
 * @param model               Claude model id
 * @param maxTokens           max_tokens per request; 0 for the engine's default
 * @param prices              price overrides by model id
 * @param gitHubApiUrl        GitHub REST API URL, e.g. https://api.github.com
 * @param allowedRepositories the administrator's owner/name glob patterns; empty allows all
 * @param proxyHost           HTTP proxy host from the Jenkins proxy settings, or null
 * @param noProxyHosts        host patterns that bypass the proxy, one per line, or null
 * @param anthropicApiKey     secret; never null when a batch runs
 * @param gitHubToken         secret: personal access token, or null
 * @param gitHubAppId         GitHub App id when the GitHub credentials are an App, else null
 * @param gitHubAppPrivateKey secret: the App's PEM private key, or null
 */
public record AgentSettings(
        String anthropicApiBaseUrl,
        String model,
        int maxTokens,
        Map<String, ModelPrice> prices,
        String gitHubApiUrl,
        List<String> allowedRepositories,
        String proxyHost,
        int proxyPort,
        String noProxyHosts,
        String anthropicApiKey,
        String gitHubToken,
        String gitHubAppId,
        String gitHubAppPrivateKey)
        implements Serializable {

    private static final String MASK = "****";

    public AgentSettings {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        allowedRepositories = allowedRepositories == null ? List.of() : List.copyOf(allowedRepositories);
    }

    /** Replaces every secret value (and each line of a multi-line key) in {@code text} by ****. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secretParts()) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    private List<String> secretParts() {
        List<String> parts = new ArrayList<>();
        for (String secret : new String[] {anthropicApiKey, gitHubToken, gitHubAppPrivateKey}) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            parts.add(secret);
            if (secret.contains("\n")) {
                // a PEM key might be printed line by line; short lines (headers) are not secret
                secret.lines().map(String::trim).filter(line -> line.length() >= 16).forEach(parts::add);
            }
        }
        parts.sort((a, b) -> b.length() - a.length());
        return parts;
    }

    @Override
    public String toString() {
        return "AgentSettings[anthropicApiBaseUrl=" + anthropicApiBaseUrl + ", model=" + model + ", maxTokens="
                + maxTokens + ", prices=" + prices + ", gitHubApiUrl=" + gitHubApiUrl + ", allowedRepositories="
                + allowedRepositories + ", proxy=" + proxyHost + ":" + proxyPort + ", noProxyHosts=" + noProxyHosts
                + ", anthropicApiKey=" + hidden(anthropicApiKey) + ", gitHubToken=" + hidden(gitHubToken)
                + ", gitHubAppId=" + gitHubAppId + ", gitHubAppPrivateKey=" + hidden(gitHubAppPrivateKey) + "]";
    }

    private static String hidden(String secret) {
        return secret == null ? "null" : MASK;
    }
}
