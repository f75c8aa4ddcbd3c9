package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;

class CredentialsAndSettingsTest {

    static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtestkeymaterial0123456789\n"
            + "-----END RSA PRIVATE KEY-----\n";

    private final Run<?, ?> run = mock(Run.class);
    private final CredentialsResolver.Lookup lookup = mock(CredentialsResolver.Lookup.class);
    private final CredentialsResolver resolver = new CredentialsResolver(lookup);

    @Test
    void anthropicKeyFromSecretTextInTheBuildsContext() throws Exception {
        StringCredentials key = Fixtures.secretText("k", Fixtures.API_KEY);
        when(lookup.find("k", StringCredentials.class, run)).thenReturn(key);
        CredentialsResolver.Secrets secrets = resolver.resolve(run, new EnvVars(), "k", null);
        assertThat(secrets.anthropicApiKey()).isEqualTo(Fixtures.API_KEY);
        assertThat(secrets.hasGitHub()).isFalse();
        assertThat(secrets.toString()).doesNotContain(Fixtures.API_KEY);
    }

    @Test
    void withCredentialsVariablesAreTheFallback() throws Exception {
        EnvVars env = new EnvVars(Map.of("ANTHROPIC_API_KEY", "from-env", "GITHUB_TOKEN", "gh-from-env"));
        CredentialsResolver.Secrets secrets = resolver.resolve(run, env, null, null);
        assertThat(secrets.anthropicApiKey()).isEqualTo("from-env");
        assertThat(secrets.gitHubToken()).isEqualTo("gh-from-env");
    }

    @Test
    void missingOrWrongKindOfCredentialsSayWhatToDo() {
        assertThatThrownBy(() -> resolver.resolve(run, new EnvVars(), "nope", null))
                .isInstanceOf(AbortException.class).hasMessageContaining("'nope' were not found")
                .hasMessageContaining("Secret text");
        assertThatThrownBy(() -> resolver.resolve(run, new EnvVars(), null, null))
                .isInstanceOf(AbortException.class).hasMessageContaining("withCredentials");
        StringCredentials key = Fixtures.secretText("k", Fixtures.API_KEY);
        when(lookup.find(eq("k"), eq(StringCredentials.class), any())).thenReturn(key);
        assertThatThrownBy(() -> resolver.resolve(run, new EnvVars(), "k", "gh"))
                .isInstanceOf(AbortException.class).hasMessageContaining("GitHub credentials 'gh'");
    }

    @Test
    void gitHubAsTokenUsernamePasswordOrApp() throws Exception {
        StringCredentials key = Fixtures.secretText("k", Fixtures.API_KEY);
        when(lookup.find(eq("k"), eq(StringCredentials.class), any())).thenReturn(key);
        StringCredentials token = Fixtures.secretText("token", Fixtures.GITHUB_TOKEN);
        when(lookup.find("token", StandardCredentials.class, run)).thenReturn(token);
        assertThat(resolver.resolve(run, new EnvVars(), "k", "token").gitHubToken()).isEqualTo(Fixtures.GITHUB_TOKEN);

        StandardUsernamePasswordCredentials userPass = userPass("bot", Fixtures.GITHUB_TOKEN);
        when(lookup.find("userpass", StandardCredentials.class, run)).thenReturn(userPass);
        assertThat(resolver.resolve(run, new EnvVars(), "k", "userpass").gitHubToken()).isEqualTo(Fixtures.GITHUB_TOKEN);

        StandardUsernamePasswordCredentials app = userPass("123456", PEM);
        when(lookup.find("app", StandardCredentials.class, run)).thenReturn(app);
        CredentialsResolver.Secrets secrets = resolver.resolve(run, new EnvVars(), "k", "app");
        assertThat(secrets.gitHubAppId()).isEqualTo("123456");
        assertThat(secrets.gitHubAppPrivateKey()).isEqualTo(PEM);
        assertThat(secrets.gitHubToken()).isNull();
        assertThat(secrets.hasGitHub()).isTrue();
    }

    @Test
    void settingsNeverPrintTheirSecretsAndTheMaskCoversEveryOne() {
        EngineSettings settings = new EngineSettings(Fixtures.API_KEY, null, "m", 0, Map.of(), null,
                Fixtures.GITHUB_TOKEN, "1", PEM, 5, List.of(), null);
        assertThat(settings.toString()).doesNotContain(Fixtures.API_KEY, Fixtures.GITHUB_TOKEN, "testkeymaterial");
        String leaked = "401 for " + Fixtures.API_KEY + " / " + Fixtures.GITHUB_TOKEN
                + " key line MIIEowIBAAKCAQEAtestkeymaterial0123456789";
        assertThat(EngineWiring.redactor(settings).redact(leaked))
                .doesNotContain(Fixtures.API_KEY, Fixtures.GITHUB_TOKEN, "testkeymaterial").contains("401 for ****");
    }

    @Test
    void priceTableUsesTheEngineFormatOnePerLineOrComma() {
        CodyBatchGlobalConfiguration global = Fixtures.global();
        global.setPriceTable("claude-sonnet-4-5=3/15\n\nmy-model = 0.8 / 4, other=1/2");
        Map<String, PriceTable.Price> prices = global.prices();
        assertThat(prices).containsOnlyKeys("claude-sonnet-4-5", "my-model", "other");
        assertThat(prices.get("my-model").outputPerMillion()).isEqualTo(4);
        global.setPriceTable("a=1/2\nb=3");
        assertThatThrownBy(global::prices).hasMessageContaining("'b=3'");
        global.setPriceTable("a=x/2");
        assertThatThrownBy(global::prices).hasMessageContaining("non-negative numbers");
    }

    @Test
    void allowlistOnlyNarrows() {
        assertThat(RepositoryPatterns.rejection("acme/a", List.of(), List.of())).isNull();
        assertThat(RepositoryPatterns.rejection("acme/a", List.of("acme/*"), List.of())).isNull();
        assertThat(RepositoryPatterns.rejection("https://github.com/acme/a.git", List.of("acme/*"), List.of())).isNull();
        assertThat(RepositoryPatterns.rejection("ACME/A", List.of("acme/?"), List.of())).isNull();
        assertThat(RepositoryPatterns.rejection("acme/a/b", List.of("acme/*"), List.of())).isNotNull();
        assertThat(RepositoryPatterns.rejection("other/a", List.of("acme/*"), List.of("other/*")))
                .contains("other/a is not in the allowed repositories (acme/*)");
        assertThat(RepositoryPatterns.rejection("acme/b", List.of("acme/*"), List.of("acme/a")))
                .contains("acme/b is not in the allowed repositories (acme/a)").contains("allowedRepositories");
        assertThat(RepositoryPatterns.rejection("/srv/repo", List.of("acme/*"), List.of())).contains("not a GitHub");
        assertThat(RepositoryPatterns.rejection("acme/a", List.of(), List.of("acme/b"))).contains("(acme/b)");
    }

    @Test
    void jenkinsProxyIsHandedToTheEngine() {
        assertThat(EngineWiring.proxy(null)).isNull();
        assertThat(EngineWiring.proxy(new hudson.ProxyConfiguration(" ", 0))).as("no host: no proxy").isNull();
        EngineSettings.Proxy proxy = EngineWiring.proxy(new hudson.ProxyConfiguration("proxy.corp", 3128, "user",
                "pass", "localhost\n*.corp.example, 10.0.0.1|api.internal"));
        assertThat(proxy.host()).isEqualTo("proxy.corp");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.noProxyHosts()).containsExactly("localhost", "*.corp.example", "10.0.0.1", "api.internal");
        assertThat(proxy.user()).isEqualTo("user");
        assertThat(proxy.password()).isEqualTo("pass");
        assertThat(proxy.toString()).doesNotContain("pass,").doesNotContain("=pass");
        EngineSettings.Proxy anonymous = EngineWiring.proxy(new hudson.ProxyConfiguration("proxy.corp", 3128, " ",
                "ignored", null));
        assertThat(anonymous.authenticates()).as("a blank user name: no credentials").isFalse();
        assertThat(anonymous.password()).isNull();
    }

    static StandardUsernamePasswordCredentials userPass(String user, String password) {
        StandardUsernamePasswordCredentials c = mock(StandardUsernamePasswordCredentials.class);
        when(c.getUsername()).thenReturn(user);
        when(c.getPassword()).thenReturn(Secret.fromString(password));
        return c;
    }

    @Test
    void theCredentialsABuildUsesAreTrackedOnIt() throws Exception {
        StringCredentials key = Fixtures.secretText("k", Fixtures.API_KEY);
        StringCredentials token = Fixtures.secretText("gh", Fixtures.GITHUB_TOKEN);
        when(lookup.find("k", StringCredentials.class, run)).thenReturn(key);
        doReturn(token).when(lookup).find(eq("gh"), eq(com.cloudbees.plugins.credentials.common.StandardCredentials.class),
                any());
        resolver.resolve(run, new EnvVars(), "k", "gh");
        verify(lookup).track(run, key);
        verify(lookup).track(run, token);
    }

    @Test
    void credentialsNotFoundAreNotTracked() {
        assertThatThrownBy(() -> resolver.resolve(run, new EnvVars(), "nope", null)).isInstanceOf(AbortException.class);
        verify(lookup, never()).track(any(), any());
    }

    @Test
    void aJobsDropDownListsWhatItsBuildsMayUseNotWhatSystemMay() {
        hudson.model.Item job = mock(hudson.model.Item.class,
                org.mockito.Mockito.withSettings().extraInterfaces(hudson.model.Queue.Task.class));
        org.springframework.security.core.Authentication builds = mock(org.springframework.security.core.Authentication.class);
        try (org.mockito.MockedStatic<hudson.model.queue.Tasks> tasks = org.mockito.Mockito.mockStatic(
                hudson.model.queue.Tasks.class)) {
            tasks.when(() -> hudson.model.queue.Tasks.getAuthenticationOf2((hudson.model.Queue.Task) job))
                    .thenReturn(builds);
            assertThat(CredentialsLists.authentication(job)).isSameAs(builds);
        }
        assertThat(CredentialsLists.authentication(mock(hudson.model.Item.class))).as("not a task: as Jenkins does")
                .isSameAs(hudson.security.ACL.SYSTEM2);
    }
}
