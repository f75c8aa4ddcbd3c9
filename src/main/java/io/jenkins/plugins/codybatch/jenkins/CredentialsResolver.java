package io.jenkins.plugins.codybatch.jenkins;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Reads the secrets of a build: the Anthropic key from a Secret text credential, GitHub from a Secret
 * text token, a username/password token, or a GitHub App (username = App id, password = PEM private key).
 * Lookups run in the context of the build (so folder credentials and the build's authentication apply);
 * without a credentials id the variables bound by withCredentials are used: ANTHROPIC_API_KEY and GITHUB_TOKEN.
 */
class CredentialsResolver {

    static final String ANTHROPIC_ENV = "ANTHROPIC_API_KEY";
    static final String GITHUB_ENV = "GITHUB_TOKEN";

    /** The credentials store, as seen from a build. */
    interface Lookup {
        <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> run);

        /** Records that the build used the credentials (their usage page lists it). */
        void track(Run<?, ?> run, Credentials credentials);
    }

    /** The secrets found for one build. */
    record Secrets(String anthropicApiKey, String gitHubToken, String gitHubAppId, String gitHubAppPrivateKey) {
        boolean hasGitHub() {
            return gitHubToken != null || gitHubAppId != null;
        }

        @Override
        public String toString() {
            return "Secrets[****]";
        }
    }

    private final Lookup lookup;

    CredentialsResolver() {
        this(new Lookup() {
            @Override
            public <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> run) {
                return CredentialsProvider.findCredentialById(id, type, run, List.of());
            }

            @Override
            public void track(Run<?, ?> run, Credentials credentials) {
                CredentialsProvider.track(run, credentials);
            }
        });
    }

    CredentialsResolver(Lookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @param anthropicId credentials id, or null for the ANTHROPIC_API_KEY variable
     * @param gitHubId    credentials id, or null for the GITHUB_TOKEN variable (or none)
     * @throws AbortException with what to set up when a required secret is missing
     */
    Secrets resolve(Run<?, ?> run, EnvVars env, String anthropicId, String gitHubId) throws AbortException {
        String apiKey;
        if (anthropicId != null) {
            StringCredentials key = lookup.find(anthropicId, StringCredentials.class, run);
            if (key == null) {
                throw new AbortException("Anthropic credentials '" + anthropicId + "' were not found, are not of kind"
                        + " 'Secret text', or this job may not use them. Add a Secret text credential holding the API"
                        + " key and set anthropicCredentialsId to its id.");
            }
            lookup.track(run, key);
            apiKey = key.getSecret().getPlainText();
        } else {
            apiKey = blankToNull(env.get(ANTHROPIC_ENV));
            if (apiKey == null) {
                throw new AbortException("No Anthropic API key: set anthropicCredentialsId to a Secret text credential"
                        + " (or a default in Manage Jenkins > System > Cody Batch), or bind " + ANTHROPIC_ENV
                        + " with withCredentials.");
            }
        }
        if (gitHubId == null) {
            return new Secrets(apiKey, blankToNull(env.get(GITHUB_ENV)), null, null);
        }
        StandardCredentials gitHub = lookup.find(gitHubId, StandardCredentials.class, run);
        Secrets secrets = withGitHub(apiKey, gitHub);
        if (secrets == null) {
            throw new AbortException(unsupportedGitHub(gitHubId) + " (or this job may not use them).");
        }
        lookup.track(run, gitHub);
        return secrets;
    }

    /**
     * The Anthropic key plus the GitHub secrets of a credential: a token (Secret text or the password of Username
     * with password), or a GitHub App (username = App id, password = PEM private key); null for other kinds.
     */
    static Secrets withGitHub(String apiKey, StandardCredentials gitHub) {
        if (gitHub instanceof StringCredentials token) {
            return new Secrets(apiKey, token.getSecret().getPlainText(), null, null);
        }
        if (gitHub instanceof StandardUsernamePasswordCredentials userPass) {
            String password = userPass.getPassword().getPlainText();
            if (password.contains("PRIVATE KEY-----")) {
                return new Secrets(apiKey, null, userPass.getUsername(), password);
            }
            return new Secrets(apiKey, password, null, null);
        }
        return null;
    }

    static String unsupportedGitHub(String gitHubId) {
        return "GitHub credentials '" + gitHubId + "' were not found or are of an unsupported kind. Use Secret text"
                + " (a token), Username with password (password = token), or Username with password with username ="
                + " GitHub App id and password = the App's PEM private key";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
