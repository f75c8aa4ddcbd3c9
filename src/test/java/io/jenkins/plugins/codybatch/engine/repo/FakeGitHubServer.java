package io.jenkins.plugins.codybatch.engine.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import mockwebserver3.MockWebServer;

/** {@link FakeGitHub} on a started MockWebServer, for tests outside this package (the Jenkins layer). */
public final class FakeGitHubServer implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final FakeGitHub gitHub = new FakeGitHub();

    public FakeGitHubServer() throws IOException {
        this(0);
    }

    /** @param port the port to serve on, 0 for any free one */
    public FakeGitHubServer(int port) throws IOException {
        server.setDispatcher(gitHub);
        server.start(port);
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

    /**
     * Serves a fake GitHub on a port until killed (dev/real-jenkins/smoke.sh uses it). Arguments: the port (0: any
     * free one), a folder for the repositories, then owner/name of each repository to serve. Each gets a real bare
     * repository there (README.md "Hello" on main), served as its file:// clone URL, so branches can be pushed and
     * pull requests opened. Prints the API URL and the one token it accepts.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: FakeGitHubServer PORT FOLDER OWNER/NAME...");
            System.exit(2);
        }
        Path folder = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        FakeGitHubServer server = new FakeGitHubServer(Integer.parseInt(args[0]));
        for (String fullName : Arrays.copyOfRange(args, 2, args.length)) {
            Path work = GitCli.repoWith(folder.resolve("src").resolve(fullName.replace('/', '_')),
                    Map.of("README.md", "Hello from a served repository.\n".getBytes()));
            Path bare = folder.resolve(fullName.replace('/', '_') + ".git");
            GitCli.git(folder, "clone", "-q", "--bare", work.toString(), bare.toString());
            server.addRepo(fullName, bare.toUri().toString());
        }
        System.out.println("Fake GitHub API at " + server.apiUrl() + " token " + server.validToken());
        System.out.flush();
        Thread.currentThread().join();
    }
}
