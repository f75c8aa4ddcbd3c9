package io.jenkins.plugins.codybatch.engine.agent;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.tools.Toolbox;

/**
 * How the loop manages the conversation.
 *
 * @param contextWindowTokens    the model's context window (input tokens)
 * @param clearAtFraction        clear old tool results once the last request used this share of the window
 * @param keepRecentToolResults  tool results left untouched when clearing
 * @param maxContinuations       max_tokens / pause_turn / context stops in a row before giving up
 * @param editorMaxCharacters    the text editor's max_characters (view output cap)
 * @param host                   whose option names the messages use (CLI flags or step options)
 */
public record AgentSettings(
        long contextWindowTokens,
        double clearAtFraction,
        int keepRecentToolResults,
        int maxContinuations,
        int editorMaxCharacters,
        Host host) {

    public AgentSettings(long contextWindowTokens, double clearAtFraction, int keepRecentToolResults,
            int maxContinuations, int editorMaxCharacters) {
        this(contextWindowTokens, clearAtFraction, keepRecentToolResults, maxContinuations, editorMaxCharacters,
                Host.CLI);
    }

    public AgentSettings {
        if (contextWindowTokens < 1 || clearAtFraction <= 0 || clearAtFraction > 1 || keepRecentToolResults < 0
                || maxContinuations < 0 || editorMaxCharacters < 100) {
            throw new IllegalArgumentException("invalid agent settings " + contextWindowTokens + "/" + clearAtFraction
                    + "/" + keepRecentToolResults + "/" + maxContinuations + "/" + editorMaxCharacters);
        }
    }

    /** A 200k window (every current Claude model has at least that), cleared at 80%. */
    public static AgentSettings defaults() {
        return new AgentSettings(200_000, 0.8, 4, 3, Toolbox.DEFAULT_MAX_CHARACTERS);
    }

    public AgentSettings withContextWindow(long tokens, int keepRecent) {
        return new AgentSettings(tokens, clearAtFraction, keepRecent, maxContinuations, editorMaxCharacters, host);
    }

    public AgentSettings withHost(Host newHost) {
        return new AgentSettings(contextWindowTokens, clearAtFraction, keepRecentToolResults, maxContinuations,
                editorMaxCharacters, newHost);
    }
}
