package io.jenkins.plugins.codybatch.realjenkins;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.results.Json;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A running Jenkins over HTTP, as a script reaches it: as a user with an API token, or anonymously, with a session of
 * its own (cookies) so that crumbs work as they do for a browser.
 */
final class JenkinsHttp {

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final String base;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** @param base like http://127.0.0.1:8291/ */
    JenkinsHttp(String base, String user, String token) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    static JenkinsHttp anonymous(String base) {
        return new JenkinsHttp(base, null, null);
    }

    String base() {
        return base;
    }

    /** Logs in through the login form, as a browser does; the session cookie then authenticates (crumbs needed). */
    static JenkinsHttp session(String base, String user, String password) throws IOException, InterruptedException {
        JenkinsHttp http = anonymous(base);
        java.util.regex.Matcher crumb = java.util.regex.Pattern.compile("name=\"Jenkins-Crumb\" type=\"hidden\" value=\"(\\w+)\"")
                .matcher(http.get("login").body()); // the login form carries the session's crumb
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&from=%2F"
                + (crumb.find() ? "&Jenkins-Crumb=" + crumb.group(1) : "");
        Response r = http.send(http.request("j_spring_security_check").POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded"));
        if (r.status() != 302 || String.valueOf(r.header("Location")).contains("loginError")) {
            throw new IllegalStateException("login of " + user + " failed: HTTP " + r.status() + " " + r.header("Location"));
        }
        return http;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** GET that must answer 200 with JSON. */
    JsonNode json(String path) throws IOException, InterruptedException {
        Response r = get(path);
        if (r.status != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.status + ": " + abbreviate(r.body));
        }
        return Json.MAPPER.readTree(r.body);
    }

    /** POST with the session's crumb (when {@code crumb}) and a body of the given type. */
    Response post(String path, String contentType, String body, boolean crumb) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (crumb) {
            JsonNode c = json("crumbIssuer/api/json");
            request.header(c.path("crumbRequestField").asText(), c.path("crumb").asText());
        }
        return send(request);
    }

    Response postForm(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return post(path, "application/x-www-form-urlencoded", body, true);
    }

    /** Runs Groovy in the script console and returns what it printed. */
    String groovy(String script) throws IOException, InterruptedException {
        Response r = postForm("scriptText", Map.of("script", script));
        if (r.status != 200) {
            throw new IllegalStateException("scriptText answered " + r.status + ": " + abbreviate(r.body));
        }
        return r.body.strip();
    }

    /** Creates (or replaces) a Pipeline job; the script runs in the Groovy sandbox when {@code sandbox}. */
    void pipelineJob(String name, String script, boolean sandbox) throws IOException, InterruptedException {
        String xml = "<flow-definition plugin=\"workflow-job\"><definition class=\"org.jenkinsci.plugins.workflow.cps."
                + "CpsFlowDefinition\" plugin=\"workflow-cps\"><script>" + xmlEscape(script) + "</script><sandbox>"
                + sandbox + "</sandbox></definition></flow-definition>";
        Response exists = get("job/" + name + "/api/json");
        Response r = exists.status == 200 ? post("job/" + name + "/config.xml", "application/xml", xml, true)
                : post("createItem?name=" + name, "application/xml", xml, true);
        if (r.status != 200) {
            throw new IllegalStateException("creating job " + name + " answered " + r.status + ": " + abbreviate(r.body));
        }
    }

    /** Schedules a build and waits until it has a number. */
    int startBuild(String job) throws IOException, InterruptedException {
        Response r = post("job/" + job + "/build?delay=0sec", null, "", true);
        if (r.status != 201) {
            throw new IllegalStateException("build of " + job + " answered " + r.status + ": " + abbreviate(r.body));
        }
        String item = URI.create(r.header("Location")).getPath().replaceFirst("^/", "");
        JsonNode[] started = new JsonNode[1];
        waitFor(Duration.ofMinutes(2), "build of " + job + " to start", () -> {
            JsonNode queued = json(item + "api/json");
            started[0] = queued.path("executable");
            return started[0].has("number");
        });
        return started[0].path("number").asInt();
    }

    /** Waits until the build is over; returns its api/json. */
    JsonNode awaitBuild(String job, int number, Duration timeout) throws IOException, InterruptedException {
        JsonNode[] build = new JsonNode[1];
        waitFor(timeout, job + " #" + number + " to finish", () -> {
            build[0] = json("job/" + job + "/" + number + "/api/json");
            return !build[0].path("building").asBoolean() && !build[0].path("result").isNull();
        });
        return build[0];
    }

    String console(String job, int number) throws IOException, InterruptedException {
        return get("job/" + job + "/" + number + "/consoleText").body;
    }

    interface Condition {
        boolean holds() throws IOException, InterruptedException;
    }

    static void waitFor(Duration timeout, String what, Condition condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    static boolean contains(String text, Predicate<String> line) {
        return text.lines().anyMatch(line);
    }

    static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path.replaceFirst("^/", "")))
                .timeout(Duration.ofMinutes(2));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers());
    }
}
