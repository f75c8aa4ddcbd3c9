package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.concurrent.atomic.AtomicReference;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;

class GlobalConfigurationTest {

    private final Jenkins jenkins = mock(Jenkins.class);
    private MockedStatic<Jenkins> statics;
    private CodyBatchGlobalConfiguration config;

    @BeforeEach
    void setUp() {
        statics = mockStatic(Jenkins.class);
        statics.when(Jenkins::get).thenReturn(jenkins);
        config = Fixtures.global();
    }

    @AfterEach
    void tearDown() {
        statics.close();
    }

    @Test
    void defaultsAndNormalisation() {
        assertThat(config.getAnthropicApiBaseUrl()).isEqualTo("https://api.anthropic.com");
        assertThat(config.getGitHubApiUrl()).isEqualTo("https://api.github.com");
        assertThat(config.getDefaultParallelism()).isEqualTo(4);
        config.setDefaultParallelism(1000);
        assertThat(config.getDefaultParallelism()).isEqualTo(64);
        config.setAllowedRepositories("acme/*\n\n  other/docs ");
        assertThat(config.allowedRepositoryPatterns()).containsExactly("acme/*", "other/docs");
        config.setAnthropicApiBaseUrl("");
        assertThat(config.getAnthropicApiBaseUrl()).isEqualTo("https://api.anthropic.com");
    }

    @Test
    void testConnectionCallsTheEngineCheckWithTheChosenKeyAndMasksIt() {
        AtomicReference<AgentSettings> seen = new AtomicReference<>();
        config.setSecretLookup(id -> id.equals("anthropic") ? Fixtures.API_KEY : null);
        config.setConnectionCheck(settings -> {
            seen.set(settings);
            throw new IllegalStateException("401 invalid x-api-key " + Fixtures.API_KEY);
        });

        FormValidation result = config.doTestConnection("https://gateway.example.com", "anthropic", "claude-x");

        verify(jenkins).checkPermission(Jenkins.ADMINISTER);
        assertThat(seen.get().anthropicApiBaseUrl()).isEqualTo("https://gateway.example.com");
        assertThat(seen.get().model()).isEqualTo("claude-x");
        assertThat(result.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(result.getMessage()).contains("Connection failed: 401").doesNotContain(Fixtures.API_KEY);

        config.setConnectionCheck(settings -> "Reached the API with model claude-x");
        assertThat(config.doTestConnection("https://api.anthropic.com", "anthropic", null).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(config.doTestConnection("ftp://x", "anthropic", null).getMessage()).contains("http(s) URL");
        assertThat(config.doTestConnection("https://api.anthropic.com", "missing", null).getMessage())
                .contains("not found");
    }

    @Test
    void theEngineCheckIsNotWiredYetAndSaysSo() {
        config.setSecretLookup(id -> Fixtures.API_KEY);
        FormValidation result = config.doTestConnection("https://api.anthropic.com", "anthropic", null);
        assertThat(result.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(result.getMessage()).contains("not connected");
    }

    @Test
    void nonAdministratorsCannotTestOrValidate() {
        doThrow(new SecurityException("Administer required")).when(jenkins).checkPermission(Jenkins.ADMINISTER);
        config.setConnectionCheck(settings -> {
            throw new AssertionError("must not be called");
        });
        assertThatThrownBy(() -> config.doTestConnection("https://api.anthropic.com", "anthropic", null))
                .hasMessage("Administer required");
        assertThatThrownBy(() -> config.doCheckPriceTable("a = 1, 2")).hasMessage("Administer required");
        assertThatThrownBy(() -> config.doCheckAllowedRepositories("acme/*")).hasMessage("Administer required");
    }

    @Test
    void formChecksOfTheGlobalPage() {
        assertThat(config.doCheckPriceTable("a = 1").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(config.doCheckAllowedRepositories("acme/*\nnot a pattern").getMessage()).contains("'not a pattern'");
        assertThat(config.doCheckAllowedRepositories("").kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(config.doCheckAnthropicApiBaseUrl("https://api.anthropic.com").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(config.doCheckGitHubApiUrl("github.example.com").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(config.doCheckDefaultParallelism(0).kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void credentialListsShowOnlyTheCurrentValueWithoutPermission() {
        Item item = mock(Item.class);
        when(item.hasPermission(any())).thenReturn(false);
        ListBoxModel denied = new CodyBatchBuilder.DescriptorImpl().doFillAnthropicCredentialsIdItems(item, "mine");
        assertThat(denied).extracting(o -> o.value).containsExactly("mine");

        when(item.hasPermission(Item.EXTENDED_READ)).thenReturn(true);
        ListBoxModel allowed = new CodyBatchBuilder.DescriptorImpl().doFillAnthropicCredentialsIdItems(item, "mine");
        assertThat(allowed).extracting(o -> o.value).containsExactly("", "mine");

        when(jenkins.hasPermission(Jenkins.ADMINISTER)).thenReturn(false);
        assertThat(config.doFillGithubCredentialsIdItems(null, "x")).extracting(o -> o.value).containsExactly("x");
        verify(jenkins, never()).checkPermission(any());
    }
}
