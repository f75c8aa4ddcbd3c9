package io.jenkins.plugins.codybatch.engine;

import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to build the engine for a batch: where the APIs are, the defaults, and the secrets. The CLI
 * fills it from flags and the environment, the Jenkins layer from its configuration and credentials. The secrets
 * live only in memory; {@link #toString()} leaves them out.
 *
 * @param anthropicBaseUrl       Messages API base URL, null for https://api.anthropic.com
 * @param model                  default model id, null for the engine's default (a job's own model wins)
 * @param maxTokens              default max_tokens per request, 0 for the engine's default (a job's own wins)
 * @param prices                 price overrides by model id
 * @param gitHubApiUrl           GitHub REST API URL, null for https://api.github.com
 * @param gitHubToken            personal access token, or null
 * @param gitHubAppId            GitHub App id, when GitHub is reached as an App
 * @param gitHubAppPrivateKey    the App's PEM private key
 * @param gitHubAppInstallationId the App installation to act as (0 when not an App)
 * @param allowedRepositories    owner/name glob patterns; empty allows every repository
 * @param proxy                  HTTP proxy for both APIs, or null for the JVM's own proxy settings
 * @param environment            variables verify commands get on top of this process's environment (the CLI's
 *                               environment, the build's variables in Jenkins); secrets are removed before use,
 *                               and {@link #toString()} leaves them out
 * @param host                   whose names (CLI flags or step options) the engine's messages use
 */
public record EngineSettings(
        String anthropicApiKey,
        String anthropicBaseUrl,
        String model,
        int maxTokens,
        Map<String, PriceTable.Price> prices,
        String gitHubApiUrl,
        String gitHubToken,
        String gitHubAppId,
        String gitHubAppPrivateKey,
        long gitHubAppInstallationId,
        List<String> allowedRepositories,
        Proxy proxy,
        Map<String, String> environment,
        Host host)
        implements Serializable {

    public EngineSettings {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        allowedRepositories = allowedRepositories == null ? List.of() : List.copyOf(allowedRepositories);
        environment = environment == null ? Map.of() : withoutNulls(environment);
        host = host == null ? Host.JENKINS : host;
    }

    /** Settings of the Jenkins layer (messages name step options) whose verify commands get this process's environment. */
    public EngineSettings(String anthropicApiKey, String anthropicBaseUrl, String model, int maxTokens,
            Map<String, PriceTable.Price> prices, String gitHubApiUrl, String gitHubToken, String gitHubAppId,
            String gitHubAppPrivateKey, long gitHubAppInstallationId, List<String> allowedRepositories, Proxy proxy) {
        this(anthropicApiKey, anthropicBaseUrl, model, maxTokens, prices, gitHubApiUrl, gitHubToken, gitHubAppId,
                gitHubAppPrivateKey, gitHubAppInstallationId, allowedRepositories, proxy, Map.of(), Host.JENKINS);
    }

    /** The same settings with the variables verify commands get. */
    public EngineSettings withEnvironment(Map<String, String> variables) {
        return new EngineSettings(anthropicApiKey, anthropicBaseUrl, model, maxTokens, prices, gitHubApiUrl, gitHubToken,
                gitHubAppId, gitHubAppPrivateKey, gitHubAppInstallationId, allowedRepositories, proxy, variables, host);
    }

    private static Map<String, String> withoutNulls(Map<String, String> variables) {
        Map<String, String> copy = new java.util.HashMap<>();
        variables.forEach((name, value) -> {
            if (name != null && value != null) {
                copy.put(name, value);
            }
        });
        return Map.copyOf(copy);
    }

    /**
     * An HTTP proxy. {@link #toString()} leaves the password out.
     *
     * @param noProxyHosts host names or {@code *.suffix} patterns reached directly
     * @param user         user name the proxy asks for (HTTP 407), or null when it asks for none
     * @param password     that user's password (a secret)
     */
    public record Proxy(String host, int port, List<String> noProxyHosts, String user, String password)
            implements Serializable {

        public Proxy {
            noProxyHosts = noProxyHosts == null ? List.of() : List.copyOf(noProxyHosts);
        }

        /** A proxy that asks for no user name. */
        public Proxy(String host, int port, List<String> noProxyHosts) {
            this(host, port, noProxyHosts, null, null);
        }

        public boolean authenticates() {
            return user != null && !user.isBlank();
        }

        @Override
        public String toString() {
            return "Proxy[" + host + ":" + port + ", noProxyHosts=" + noProxyHosts
                    + (authenticates() ? ", user=" + user + ", password hidden" : "") + "]";
        }
    }

    public boolean gitHubApp() {
        return gitHubAppId != null && !gitHubAppId.isBlank();
    }

    /** Every secret value, for redaction. */
    public List<String> secrets() {
        return java.util.stream.Stream.of(anthropicApiKey, gitHubToken, gitHubAppPrivateKey,
                        proxy == null ? null : proxy.password())
                .filter(s -> s != null && !s.isBlank())
                .toList();
    }

    /**
     * The secrets plus the long lines of multi-line ones: a PEM key may be printed line by line (short lines such
     * as the BEGIN header are not secret).
     */
    public List<String> secretsAndTheirLines() {
        List<String> parts = new java.util.ArrayList<>(secrets());
        secrets().stream().filter(secret -> secret.contains("\n")).flatMap(String::lines).map(String::trim)
                .filter(line -> line.length() >= 16).forEach(parts::add);
        return parts;
    }

    @Override
    public String toString() {
        return "EngineSettings[anthropicBaseUrl=" + anthropicBaseUrl + ", model=" + model + ", maxTokens=" + maxTokens
                + ", gitHubApiUrl=" + gitHubApiUrl + ", gitHubApp=" + gitHubAppId + ", allowedRepositories="
                + allowedRepositories + ", proxy=" + proxy + ", host=" + host + ", environment=" + environment.size()
                + " variables, secrets=" + secrets().size() + " hidden]";
    }
}
