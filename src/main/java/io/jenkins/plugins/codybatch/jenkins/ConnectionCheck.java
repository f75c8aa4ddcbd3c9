package io.jenkins.plugins.codybatch.jenkins;

/** The engine's "can we reach the Anthropic API with this key" check, behind the Test connection button. */
public interface ConnectionCheck {

    /**
     * @return a short success message for the administrator
     * @throws Exception with an actionable message when the API cannot be reached or refuses the key
     */
    String check(AgentSettings settings) throws Exception;
}
