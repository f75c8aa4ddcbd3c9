package io.jenkins.plugins.codybatch.engine.verify;

import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a verify command: this process's environment, overlaid with the host's variables (the
 * build's variables in Jenkins), without any secret of the job. A variable goes when its name is a known
 * credential name or when its value holds one of the job's secrets (a token inside a URL too).
 */
final class CheckEnvironment {

    /** Credential variables of the tools we talk to; ANTHROPIC_BASE_URL and the like are no secrets. */
    static final Set<String> SECRET_NAMES = Set.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_API_KEY",
            "GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN");
    /** Marks every process a run starts, so that the ones that left the process tree are found and killed. */
    static final String MARKER = "CODY_BATCH_CHECK";

    private CheckEnvironment() {}

    static Map<String, String> of(Map<String, String> processEnvironment, Map<String, String> overlay,
            Redactor secrets, String marker) {
        Map<String, String> environment = new HashMap<>(processEnvironment);
        environment.putAll(overlay);
        environment.keySet().removeIf(SECRET_NAMES::contains);
        environment.values().removeIf(value -> value == null || !secrets.redact(value).equals(value));
        environment.put(MARKER, marker);
        return environment;
    }
}
