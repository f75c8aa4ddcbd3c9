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
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHubServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
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

    /** Plays the Anthropic Models API: the one valid key sees claude-x; anything else gets the real 401 body. */
    private static final class FakeAnthropic extends Dispatcher {
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            if (!Fixtures.API_KEY.equals(request.getHeaders().get("x-api-key"))) {
                return new MockResponse.Builder().code(401).addHeader("content-type", "application/json")
                        .addHeader("request-id", "req_401")
                        .body("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                                + "\"message\":\"invalid x-api-key\"},\"request_id\":\"req_401\"}")
                        .build();
            }
            if (request.getUrl().encodedPath().equals("/v1/models/claude-x")) {
                return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                        .body("{\"type\":\"model\",\"id\":\"claude-x\",\"display_name\":\"Claude X\","
                                + "\"created_at\":\"2026-01-01T00:00:00Z\"}")
                        .build();
            }
            return new MockResponse.Builder().code(404).addHeader("content-type", "application/json")
                    .body("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: "
                            + request.getUrl().pathSegments().get(request.getUrl().pathSize() - 1) + "\"}}")
                    .build();
        }
    }

    private final MockWebServer anthropic = new MockWebServer();
    private final FakeAnthropic anthropicApi = new FakeAnthropic();

    private String anthropicUrl() throws Exception {
        if (!anthropic.getStarted()) {
            anthropic.setDispatcher(anthropicApi);
            anthropic.start();
        }
        String url = anthropic.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    @AfterEach
    void stopServers() {
        anthropic.close();
    }

    private void knownCredentials(String anthropicKey) {
        config.setCredentialsLookup(id -> switch (id) {
            case "anthropic" -> Fixtures.secretText("anthropic", anthropicKey);
            case "github" -> Fixtures.secretText("github", Fixtures.GITHUB_TOKEN);
            case "app" -> CredentialsAndSettingsTest.userPass("123456", CredentialsAndSettingsTest.PEM);
            default -> null;
        });
    }

    @Test
    void testConnectionRunsTheEngineChecksAgainstTheApi() throws Exception {
        knownCredentials(Fixtures.API_KEY);

        FormValidation result = config.doTestConnection(anthropicUrl(), "anthropic", "claude-x", null, null, null);

        verify(jenkins).checkPermission(Jenkins.ADMINISTER);
        assertThat(result.kind).as(result.getMessage()).isEqualTo(FormValidation.Kind.OK);
        assertThat(result.getMessage()).contains("OK Anthropic API: API key accepted; model claude-x (Claude X)")
                .contains("OK GitHub: No GitHub credentials").doesNotContain(Fixtures.API_KEY);
        RecordedRequest request = anthropicApi.requests.get(0);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/models/claude-x");
        assertThat(request.getHeaders().get("x-api-key")).isEqualTo(Fixtures.API_KEY);
    }

    @Test
    void testConnectionChecksTheGitHubTokenToo() throws Exception {
        knownCredentials(Fixtures.API_KEY);
        try (FakeGitHubServer gitHub = new FakeGitHubServer()) {
            config.setCredentialsLookup(id -> id.equals("anthropic") ? Fixtures.secretText(id, Fixtures.API_KEY)
                    : Fixtures.secretText(id, gitHub.validToken()));

            FormValidation result = config.doTestConnection(anthropicUrl(), "anthropic", "claude-x", "github",
                    gitHub.apiUrl(), "");

            assertThat(result.kind).as(result.getMessage()).isEqualTo(FormValidation.Kind.OK);
            assertThat(result.getMessage()).contains("OK GitHub: Connected as cody-bot")
                    .doesNotContain(gitHub.validToken());
            assertThat(gitHub.requestCount()).isGreaterThan(0);
        }
    }

    @Test
    void aRejectedKeyFailsWithTheReasonAndNoSecret() throws Exception {
        knownCredentials("sk-ant-api03-WRONG-key-0123456789");

        FormValidation result = config.doTestConnection(anthropicUrl(), "anthropic", "claude-x", null, null, null);

        assertThat(result.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(result.getMessage()).contains("FAILED Anthropic API").containsIgnoringCase("key")
                .doesNotContain("sk-ant-api03-WRONG-key-0123456789");
    }

    @Test
    void anUnknownModelAndAnAppWithoutInstallationFailWithWhatToFix() throws Exception {
        knownCredentials(Fixtures.API_KEY);

        FormValidation result = config.doTestConnection(anthropicUrl(), "anthropic", "claude-nope", "app",
                "https://github.invalid/api/v3", "");

        assertThat(result.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(result.getMessage()).contains("FAILED Anthropic API").contains("claude-nope")
                .contains("FAILED GitHub: GitHub App 123456 needs its installation id")
                .doesNotContain("testkeymaterial");
    }

    @Test
    void formProblemsOfTheTestAreReportedBeforeAnyCall() throws Exception {
        knownCredentials(Fixtures.API_KEY);
        assertThat(config.doTestConnection("ftp://x", "anthropic", null, null, null, null).getMessage())
                .contains("http(s) URL");
        assertThat(config.doTestConnection(anthropicUrl(), "missing", null, null, null, null).getMessage())
                .contains("not found");
        assertThat(config.doTestConnection(anthropicUrl(), "anthropic", null, "unknown", null, null).getMessage())
                .contains("GitHub credentials 'unknown'");
        assertThat(config.doTestConnection(anthropicUrl(), "anthropic", null, "app", null, "abc").getMessage())
                .contains("must be a number");
        assertThat(anthropicApi.requests).isEmpty();
    }

    @Test
    void nonAdministratorsCannotTestOrValidate() {
        doThrow(new SecurityException("Administer required")).when(jenkins).checkPermission(Jenkins.ADMINISTER);
        config.setConnectionCheck(settings -> {
            throw new AssertionError("must not be called");
        });
        assertThatThrownBy(() -> config.doTestConnection("https://api.anthropic.com", "anthropic", null, null, null,
                null))
                .hasMessage("Administer required");
        assertThatThrownBy(() -> config.doCheckPriceTable("a=1/2")).hasMessage("Administer required");
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
