package io.jenkins.plugins.codybatch.jenkins;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.ProxyConfiguration;
import hudson.model.Action;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.ArtifactManager;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Shared test doubles over the stubs: a build, its artifact manager, a log, credentials. */
final class Fixtures {

    static final String API_KEY = "sk-ant-api03-TESTKEY-0123456789abcdef";
    static final String GITHUB_TOKEN = "ghp_TESTTOKEN0123456789abcdefABCDEF";

    private Fixtures() {}

    /** A global configuration that does not need a running Jenkins. */
    static CodyBatchGlobalConfiguration global() {
        return new CodyBatchGlobalConfiguration() {
            @Override
            ProxyConfiguration jenkinsProxy() {
                return null;
            }
        };
    }

    static StringCredentials secretText(String id, String secret) {
        StringCredentials credentials = mock(StringCredentials.class);
        when(credentials.getId()).thenReturn(id);
        when(credentials.getSecret()).thenReturn(Secret.fromString(secret));
        return credentials;
    }

    /** Knows one Secret text credential "anthropic" holding {@link #API_KEY}. */
    static CredentialsResolver credentials() {
        CredentialsResolver.Lookup lookup = mock(CredentialsResolver.Lookup.class);
        StringCredentials key = secretText("anthropic", API_KEY);
        when(lookup.find(eq("anthropic"), eq(StringCredentials.class), any())).thenReturn(key);
        StringCredentials token = secretText("github", GITHUB_TOKEN);
        when(lookup.find(eq("github"), eq(com.cloudbees.plugins.credentials.common.StandardCredentials.class), any()))
                .thenReturn(token);
        return new CredentialsResolver(lookup);
    }

    /** A build whose actions and archived files are recorded. */
    static final class Build {
        final Run<?, ?> run = mock(Run.class);
        final ArtifactManager artifacts = mock(ArtifactManager.class);
        final List<Map<String, String>> archived = new ArrayList<>();
        final List<Action> actions = new ArrayList<>();
        final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        final TaskListener listener = mock(TaskListener.class);

        Build() throws IOException, InterruptedException {
            when(run.getFullDisplayName()).thenReturn("nightly #7");
            when(run.pickArtifactManager()).thenReturn(artifacts);
            when(run.getArtifactManager()).thenReturn(artifacts);
            doAnswer(inv -> {
                actions.removeIf(a -> a.getClass() == inv.getArgument(0).getClass());
                actions.add(inv.getArgument(0));
                ((CodyBatchAction) inv.getArgument(0)).onAttached(run);
                return true;
            }).when(run).addOrReplaceAction(any());
            doAnswer(inv -> {
                synchronized (archived) {
                    archived.add(Map.copyOf(inv.getArgument(3)));
                }
                return null;
            }).when(artifacts).archive(any(), any(), any(), any());
            when(listener.getLogger()).thenReturn(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        }

        String log() {
            return logBytes.toString(StandardCharsets.UTF_8);
        }

        CodyBatchAction action() {
            return (CodyBatchAction) actions.stream().filter(a -> a instanceof CodyBatchAction).findFirst().orElseThrow();
        }

        List<String> archivedPaths() {
            synchronized (archived) {
                return archived.stream().flatMap(m -> m.keySet().stream()).sorted().toList();
            }
        }
    }
}
