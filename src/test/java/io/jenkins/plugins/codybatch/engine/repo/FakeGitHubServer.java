package io.jenkins.plugins.codybatch.engine.repo;

import java.io.IOException;
import mockwebserver3.MockWebServer;

/** {@link FakeGitHub} on a started MockWebServer, for tests outside this package (the Jenkins layer). */
public final class FakeGitHubServer implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final FakeGitHub gitHub = new FakeGitHub();

    public FakeGitHubServer() throws IOException {
        server.setDispatcher(gitHub);
        server.start();
    }

    /** The API URL to configure, like https://api.github.com. */
    public String apiUrl() {
        return server.url("/").toString();
    }

    /** The one token this GitHub accepts. */
    public String validToken() {
        return gitHub.validToken;
    }

    /** Adds a repository; its owner becomes an organization unless known. */
    public void addRepo(String fullName, String cloneUrl) {
        gitHub.ownerTypes.putIfAbsent(fullName.substring(0, fullName.indexOf('/')), "Organization");
        gitHub.addRepo(fullName, cloneUrl, true);
    }

    /** The fake itself, so a test can act on it as a person between runs (see {@link GitHubPerson}). */
    public FakeGitHub gitHub() {
        return gitHub;
    }

    public int requestCount() {
        return gitHub.calls.size();
    }

    /** Pull requests opened on this GitHub. */
    public int pullRequestCount() {
        return gitHub.pulls.size();
    }

    @Override
    public void close() {
        server.close();
    }
}
