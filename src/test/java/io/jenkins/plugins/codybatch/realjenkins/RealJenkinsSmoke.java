package io.jenkins.plugins.codybatch.realjenkins;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smoke suite's driver (dev/real-jenkins/smoke.sh starts Jenkins and the fakes, then runs this): drives the real
 * Jenkins over HTTP, its CLI and headless chromium, one phase after another, and ends with "N passed, N failed".
 * Arguments are key=value: url, home, work, images, anthropic, github, githubToken, apiKey, local (comma-separated
 * paths of local git repositories), repos (comma-separated owner/name served by the fake GitHub), only (phases to run,
 * comma separated; default all).
 */
public final class RealJenkinsSmoke {

    private RealJenkinsSmoke() {}

    /** A phase of the suite; its checks go into the tally. */
    interface Phase {
        void run(Smoke smoke) throws Exception;
    }

    static final Map<String, Phase> PHASES = new LinkedHashMap<>();

    static {
        PHASES.put("boot", BootChecks::run);
        PHASES.put("global", GlobalConfigChecks::run);
        PHASES.put("pipeline", PipelineChecks::run);
        PHASES.put("snippet", SnippetChecks::run);
        PHASES.put("freestyle", FreestyleChecks::run);
        PHASES.put("security", SecurityChecks::run);
        PHASES.put("agents", AgentChecks::run);
        PHASES.put("restart", RestartChecks::run);
        PHASES.put("figures", FigureChecks::run);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<String> only = options.containsKey("only") ? Arrays.asList(options.get("only").split(","))
                : List.copyOf(PHASES.keySet());
        Tally tally = new Tally();
        int exit;
        try (Smoke smoke = new Smoke(options, tally)) {
            for (Map.Entry<String, Phase> phase : PHASES.entrySet()) {
                if (!only.contains(phase.getKey())) {
                    continue;
                }
                System.out.println("== " + phase.getKey());
                try {
                    phase.getValue().run(smoke);
                } catch (Exception e) {
                    tally.check(phase.getKey() + " phase", () -> {
                        throw e;
                    });
                }
            }
        } finally {
            for (String failure : tally.failures()) {
                System.out.println("failed: " + failure);
            }
            System.out.println(tally.line());
            exit = tally.failed() == 0 ? 0 : 1;
        }
        System.exit(exit);
    }

    static Path path(Map<String, String> options, String key) {
        return Path.of(options.get(key)).toAbsolutePath();
    }
}
