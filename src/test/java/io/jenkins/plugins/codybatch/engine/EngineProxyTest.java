package io.jenkins.plugins.codybatch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's HTTP client behind a proxy that asks for a user name and password (a MockWebServer plays it). */
class EngineProxyTest {

    private static final String API_KEY = "sk-ant-api03-PROXYTEST-0123456789";
    private static final String PASSWORD = "s3cret-Proxy-Pass!";

    private final MockWebServer proxy = new MockWebServer();
    private final MockWebServer direct = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        proxy.start();
        direct.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
        direct.close();
    }

    private static MockResponse challenge() {
        return new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
                .addHeader("content-type", "text/html").body("<html><title>Proxy login</title></html>").build();
    }

    private static MockResponse model() {
        return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .body("{\"type\":\"model\",\"id\":\"claude-sonnet-4-6\",\"display_name\":\"Claude Sonnet 4.6\"}").build();
    }

    private EngineSettings settings(String apiUrl, List<String> noProxy) {
        return new EngineSettings(API_KEY, apiUrl, "claude-sonnet-4-6", 0, Map.of(), null, null, null, null, 0,
                List.of(), new EngineSettings.Proxy(proxy.getHostName(), proxy.getPort(), noProxy, "builder", PASSWORD));
    }

    @Test
    void answersTheProxyChallengeWithBasicCredentials() throws Exception {
        proxy.enqueue(challenge());
        proxy.enqueue(model());

        List<Engine.Check> checks = new Engine(settings("http://api.anthropic.test", List.of())).checks();

        assertThat(checks.get(0).ok()).as(checks.get(0).message()).isTrue();
        RecordedRequest first = proxy.takeRequest();
        assertThat(first.getUrl().host()).as("sent to the proxy for the API host").isEqualTo("api.anthropic.test");
        assertThat(first.getHeaders().get("Proxy-Authorization")).as("nothing sent before the proxy asks").isNull();
        RecordedRequest second = proxy.takeRequest();
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString(("builder:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(second.getHeaders().get("Proxy-Authorization")).isEqualTo(expected);
        assertThat(second.getUrl().encodedPath()).isEqualTo("/v1/models/claude-sonnet-4-6");
        assertThat(checks).allSatisfy(check -> assertThat(check.message()).doesNotContain(PASSWORD));
    }

    @Test
    void refusedCredentialsAreTriedOnceAndNeverShown() throws Exception {
        proxy.enqueue(challenge());
        proxy.enqueue(challenge());

        List<Engine.Check> checks = new Engine(settings("http://api.anthropic.test", List.of())).checks();

        assertThat(checks.get(0).ok()).isFalse();
        assertThat(checks.get(0).message()).contains("407").contains("proxy").doesNotContain(PASSWORD);
        assertThat(proxy.getRequestCount()).as("one try with credentials, no loop").isEqualTo(2);
    }

    @Test
    void noProxyHostsAreReachedDirectly() throws Exception {
        direct.enqueue(model());

        List<Engine.Check> checks = new Engine(settings(direct.url("/").toString().replaceAll("/$", ""),
                List.of(direct.getHostName()))).checks();

        assertThat(checks.get(0).ok()).as(checks.get(0).message()).isTrue();
        assertThat(direct.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
        assertThat(proxy.getRequestCount()).isZero();
    }

    @Test
    void passwordIsASecretAndNeverPrinted() {
        EngineSettings settings = settings("http://api.anthropic.test", List.of("*.corp"));
        assertThat(settings.secrets()).contains(PASSWORD);
        assertThat(settings.toString()).doesNotContain(PASSWORD).contains("builder");
        assertThat(settings.proxy().toString()).doesNotContain(PASSWORD).contains("password hidden");
        assertThat(new EngineSettings.Proxy("p", 1, List.of()).authenticates()).isFalse();
    }
}
