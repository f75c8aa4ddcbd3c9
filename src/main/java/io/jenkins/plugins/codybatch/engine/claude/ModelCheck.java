package io.jenkins.plugins.codybatch.engine.claude;

/**
 * The verdict of {@link ClaudeClient#checkModel()} for {@code doctor} and "Test connection".
 *
 * @param keyValid       the API accepted the key (null when the API could not be reached)
 * @param modelAvailable the configured model exists for this key
 * @param message        one sentence for a person, naming the fix when something is wrong
 */
public record ModelCheck(Boolean keyValid, boolean modelAvailable, String message) {

    public boolean ok() {
        return Boolean.TRUE.equals(keyValid) && modelAvailable;
    }
}
