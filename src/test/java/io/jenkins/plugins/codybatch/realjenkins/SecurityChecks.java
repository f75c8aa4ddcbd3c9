package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Security on (Jenkins' own user database, matrix authorization): an administrator, a reader with Overall/Read and
 * Job/Read, and anonymous with nothing. The reader sees a batch's results (pages, files, API, in chromium too) but
 * cannot retry; anonymous is refused; POSTs of a session need a crumb. Later phases run as the administrator.
 */
final class SecurityChecks {

    static final String JOB = "pipeline-secured";

    private SecurityChecks() {}

    static void run(Smoke smoke) throws Exception {
        smoke.tally.check("security on: users admin and reader, matrix authorization, API tokens", () -> {
            String tokens = smoke.admin.groovy(String.join("\n",
                    "import hudson.security.*",
                    "import org.jenkinsci.plugins.matrixauth.PermissionEntry",
                    "def j = jenkins.model.Jenkins.get()",
                    "def realm = new HudsonPrivateSecurityRealm(false)",
                    "realm.createAccount('" + Smoke.ADMIN + "', '" + Smoke.PASSWORD + "')",
                    "realm.createAccount('" + Smoke.READER + "', '" + Smoke.PASSWORD + "')",
                    "j.securityRealm = realm",
                    "def s = new GlobalMatrixAuthorizationStrategy()",
                    "s.add(jenkins.model.Jenkins.ADMINISTER, PermissionEntry.user('" + Smoke.ADMIN + "'))",
                    "s.add(jenkins.model.Jenkins.READ, PermissionEntry.user('" + Smoke.READER + "'))",
                    "s.add(hudson.model.Item.READ, PermissionEntry.user('" + Smoke.READER + "'))",
                    "j.authorizationStrategy = s",
                    "j.save()",
                    "def token = { u -> hudson.model.User.getById(u, false).getProperty(jenkins.security.ApiTokenProperty)"
                            + ".generateNewToken('smoke').plainValue }",
                    "println token('" + Smoke.ADMIN + "') + ' ' + token('" + Smoke.READER + "')"));
            String[] both = tokens.split(" ");
            require(both.length == 2, "tokens: " + tokens);
            smoke.adminToken = both[0];
            smoke.readerToken = both[1];
            smoke.admin = new JenkinsHttp(smoke.url, Smoke.ADMIN, smoke.adminToken);
            require(JenkinsHttp.anonymous(smoke.url).get("api/json").status() == 403, "anonymous still reads Jenkins");
            return "adminToken=" + smoke.adminToken + " (for ONLY=... runs on this instance)";
        });
        int[] build = new int[1];
        smoke.tally.check("with security on, the administrator's Pipeline build completes", () -> {
            List<String> repositories = new ArrayList<>(smoke.local.stream().filter(r -> r.endsWith("/alpha")).toList());
            repositories.add(smoke.repos.get(2));
            smoke.admin.pipelineJob(JOB, PipelineChecks.script(repositories, ""), true);
            build[0] = smoke.admin.startBuild(JOB);
            JsonNode run = smoke.admin.awaitBuild(JOB, build[0], Duration.ofMinutes(5));
            require("SUCCESS".equals(run.path("result").asText()), "result " + run.path("result") + "\n"
                    + PipelineChecks.tail(smoke.admin.console(JOB, build[0])));
            return "#" + build[0];
        });
        String page = "job/" + JOB + "/" + build[0] + "/cody-batch/";
        smoke.tally.check("a user with Job/Read sees the results: page, summary, files, api/json, trend; no retry", () -> {
            JenkinsHttp reader = new JenkinsHttp(smoke.url, Smoke.READER, smoke.readerToken);
            List<String> seen = new ArrayList<>();
            for (String path : List.of(page, page + "summary", page + "repo/acme__three/patch.diff",
                    page + "repo/acme__three/transcript.jsonl", page + "api/json", "job/" + JOB + "/cody-batch-trend/trend",
                    "job/" + JOB + "/" + build[0] + "/api/json")) {
                JenkinsHttp.Response r = reader.get(path);
                require(r.status() == 200, "reader GET " + path + ": HTTP " + r.status());
                seen.add(path.substring(path.lastIndexOf('/', path.length() - 2) + 1) + " 200");
            }
            JenkinsHttp.Response retry = reader.post(page + "retryFailed", null, "", true);
            require(retry.status() == 403, "reader POST retryFailed: HTTP " + retry.status());
            seen.add("retryFailed 403");
            return String.join(", ", seen);
        });
        smoke.tally.check("the reader sees the viewer in chromium", () -> {
            Browser b = smoke.browser();
            b.login(Smoke.READER, Smoke.PASSWORD);
            String shown = PipelineChecks.viewer(smoke, JOB, build[0], List.of("alpha", "acme/three"), false);
            b.logout();
            b.login(Smoke.ADMIN, Smoke.PASSWORD); // later browser checks act as the administrator
            return shown;
        });
        smoke.tally.check("anonymous is refused the page, its files, its API and the trend", () -> {
            JenkinsHttp anonymous = JenkinsHttp.anonymous(smoke.url);
            List<String> seen = new ArrayList<>();
            for (String path : List.of(page, page + "summary", page + "repo/acme__three/patch.diff", page + "api/json",
                    "job/" + JOB + "/cody-batch-trend/trend")) {
                JenkinsHttp.Response r = anonymous.get(path);
                require(r.status() == 403 && !r.body().contains("acme/three"), "anonymous GET " + path + ": HTTP " + r.status());
                seen.add(r.status() + "");
            }
            return "HTTP " + String.join(", ", seen);
        });
        smoke.tally.check("POSTs of a logged-in session need a crumb", () -> {
            JenkinsHttp session = JenkinsHttp.session(smoke.url, Smoke.ADMIN, Smoke.PASSWORD);
            JenkinsHttp.Response without = session.post("job/" + JOB + "/build?delay=0sec", null, "", false);
            require(without.status() == 403, "without a crumb: HTTP " + without.status());
            JenkinsHttp.Response with = session.post("job/" + JOB + "/build?delay=0sec", null, "", true);
            require(with.status() == 201, "with a crumb: HTTP " + with.status());
            JenkinsHttp.Response retry = session.post(page + "retryFailed", null, "", false);
            require(retry.status() == 403, "retryFailed without a crumb: HTTP " + retry.status());
            JenkinsHttp.waitFor(Duration.ofMinutes(5), "the build started with the crumb", () -> {
                JsonNode last = smoke.admin.json("job/" + JOB + "/api/json?tree=lastCompletedBuild[number]");
                return last.path("lastCompletedBuild").path("number").asInt() > build[0];
            });
            return "build without crumb 403, with crumb 201; retryFailed without crumb 403";
        });
        smoke.tally.check("the CLI over HTTP authenticates with API tokens and enforces permissions", () -> {
            String whoAmI = cli(smoke, Smoke.READER + ":" + smoke.readerToken, "who-am-i");
            require(whoAmI.contains("Authenticated as: " + Smoke.READER), whoAmI);
            String refused = cli(smoke, Smoke.READER + ":" + smoke.readerToken, "build", JOB);
            require(refused.contains("Job/Build"), "reader build: " + refused);
            return "who-am-i: reader; build refused: " + refused.strip().lines().findFirst().orElse("");
        });
    }

    static String cli(Smoke smoke, String auth, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", FreestyleChecks.cliJar(smoke).toString(), "-s",
                smoke.url, "-http", "-auth", auth));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }
}
