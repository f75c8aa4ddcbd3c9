package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Inbound agents on loopback: permanent nodes on the controller, agent.jar processes connecting over WebSocket. */
final class Agents {

    private final Smoke smoke;
    private final Map<String, String> secrets = new HashMap<>();
    private final Map<String, Process> running = new HashMap<>();

    Agents(Smoke smoke) {
        this.smoke = smoke;
    }

    /** Adds a permanent inbound node (it stays offline until {@link #start}). */
    void add(String name, String labels, int executors) throws IOException, InterruptedException {
        String secret = smoke.admin.groovy(String.join("\n",
                "import hudson.slaves.*",
                "def n = new DumbSlave('" + name + "', '" + folder(name) + "', new JNLPLauncher())",
                "n.numExecutors = " + executors,
                "n.labelString = '" + labels + "'",
                "n.retentionStrategy = new RetentionStrategy.Always()",
                "jenkins.model.Jenkins.get().addNode(n)",
                "println jenkins.model.Jenkins.get().getComputer('" + name + "').jnlpMac"));
        require(secret.matches("[0-9a-f]{64}"), "no secret for " + name + ": " + secret);
        secrets.put(name, secret);
    }

    /** Starts agent.jar for the node and waits until it is online. */
    void start(String name) throws Exception {
        Path jar = smoke.work.resolve("agent.jar");
        if (!Files.exists(jar)) {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(smoke.url + "jnlpJars/agent.jar")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(jar));
            require(r.statusCode() == 200, "agent.jar: HTTP " + r.statusCode());
        }
        Files.createDirectories(folder(name));
        Process process = new ProcessBuilder(List.of("java", "-jar", jar.toString(), "-url", smoke.url, "-secret",
                secrets.get(name), "-name", name, "-webSocket", "-workDir", folder(name).toString()))
                .redirectErrorStream(true).redirectOutput(smoke.work.resolve(name + ".log").toFile()).start();
        running.put(name, smoke.started(process));
        awaitOnline(name);
    }

    void awaitOnline(String name) throws IOException, InterruptedException {
        JenkinsHttp.waitFor(Duration.ofMinutes(2), name + " to come online", () ->
                !smoke.admin.json("computer/" + name + "/api/json").path("offline").asBoolean());
    }

    /** Kills the agent's process at once (as a crash or a lost machine would). */
    void kill(String name) throws InterruptedException {
        Process process = running.remove(name);
        process.destroyForcibly();
        process.waitFor();
    }

    void stopAll() throws InterruptedException {
        for (String name : List.copyOf(running.keySet())) {
            kill(name);
        }
    }

    Path folder(String name) {
        return smoke.work.resolve("agents").resolve(name);
    }
}
