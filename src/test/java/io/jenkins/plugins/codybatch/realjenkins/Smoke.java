package io.jenkins.plugins.codybatch.realjenkins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What every phase shares: the Jenkins, its home, the fakes, the repositories, the tally, one browser. */
final class Smoke implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String READER = "reader";
    /** Passwords of the users the security phase creates (a throw-away instance on loopback). */
    static final String PASSWORD = "smoke-password-1";

    final String url;
    final Path home;
    final Path work;
    final Path images;
    final String anthropicUrl;
    final String gitHubUrl;
    final String gitHubToken;
    final String apiKey;
    final List<String> local;
    final List<String> repos;
    final Tally tally;
    /** Seconds from starting the war to "fully up", as boot.sh measured them. */
    final String bootSeconds;
    /** The administrator once security is on; anonymous (who may do anything) before. */
    JenkinsHttp admin;
    String adminToken;
    String readerToken;
    /** The agents of the agents phase, restarted with Jenkins by later phases. */
    Agents agents;
    private Browser browser;
    private final List<Process> processes = new ArrayList<>();

    Smoke(Map<String, String> options, Tally tally) {
        this.url = options.get("url");
        this.home = RealJenkinsSmoke.path(options, "home");
        this.work = RealJenkinsSmoke.path(options, "work");
        this.images = RealJenkinsSmoke.path(options, "images");
        this.anthropicUrl = options.get("anthropic");
        this.gitHubUrl = options.get("github");
        this.gitHubToken = options.get("githubToken");
        this.apiKey = options.get("apiKey");
        this.local = Arrays.asList(options.get("local").split(","));
        this.repos = Arrays.asList(options.get("repos").split(","));
        this.tally = tally;
        this.bootSeconds = options.getOrDefault("bootSeconds", "?");
        this.admin = JenkinsHttp.anonymous(url);
        String token = options.get("adminToken");
        if (token != null) { // a run of later phases only, on an instance the security phase secured
            adminToken = token;
            admin = new JenkinsHttp(url, ADMIN, token);
        }
    }

    /** One chromium for the whole suite, started when a phase first needs it. */
    Browser browser() throws IOException {
        if (browser == null) {
            browser = new Browser(url, work.resolve("chromium-profile"));
            if (secured()) {
                browser.login(ADMIN, PASSWORD);
            }
        }
        return browser;
    }

    boolean secured() {
        return adminToken != null;
    }

    /** A process the suite started (an agent); killed at the end whatever happens. */
    Process started(Process process) {
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        if (browser != null) {
            browser.close();
        }
        for (Process process : processes) {
            process.destroyForcibly();
        }
    }
}
