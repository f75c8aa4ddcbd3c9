package io.jenkins.plugins.codybatch.realjenkins;

import static io.jenkins.plugins.codybatch.realjenkins.Tally.require;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Every plugin loaded, and nothing logged about ours at WARNING or SEVERE; the credentials the suite uses. */
final class BootChecks {

    private static final Pattern RECORD_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+\\S* \\[id=\\d+\\]\\t(\\w+)\\t.*");

    private BootChecks() {}

    static void run(Smoke smoke) throws Exception {
        smoke.tally.check("every plugin loads (active, enabled, no failed dependencies), cody-batch among them", () -> {
            JsonNode plugins = smoke.admin.json("pluginManager/api/json?depth=1").path("plugins");
            List<String> bad = new ArrayList<>();
            boolean ours = false;
            for (JsonNode p : plugins) {
                ours |= p.path("shortName").asText().equals("cody-batch");
                if (!p.path("active").asBoolean() || !p.path("enabled").asBoolean() || p.path("hasFailedDependencies").asBoolean()) {
                    bad.add(p.path("shortName").asText());
                }
            }
            require(ours, "cody-batch is not among the plugins");
            require(bad.isEmpty(), "plugins not loaded: " + bad);
            return plugins.size() + " plugins, all active; cody-batch " + version(plugins) + "; up in " + smoke.bootSeconds
                    + " s";
        });
        smoke.tally.check("the log holds no WARNING or SEVERE about cody-batch after boot", () -> logAboutUs(smoke.home));
        smoke.tally.check("credentials for the fakes created (Secret text 'anthropic' and 'github')", () -> {
            String out = smoke.admin.groovy(String.join("\n",
                    "import com.cloudbees.plugins.credentials.*",
                    "import com.cloudbees.plugins.credentials.domains.*",
                    "import org.jenkinsci.plugins.plaincredentials.impl.*",
                    "def store = SystemCredentialsProvider.instance.store",
                    "store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, 'anthropic',"
                            + " 'Anthropic API key (fake)', hudson.util.Secret.fromString('" + smoke.apiKey + "')))",
                    "store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, 'github',"
                            + " 'GitHub token (fake)', hudson.util.Secret.fromString('" + smoke.gitHubToken + "')))",
                    "println store.getCredentials(Domain.global()).collect { it.id }.sort().join(',')"));
            require(out.contains("anthropic") && out.contains("github"), "credentials not stored: " + out);
            return out;
        });
    }

    private static String version(JsonNode plugins) {
        for (JsonNode p : plugins) {
            if (p.path("shortName").asText().equals("cody-batch")) {
                return p.path("version").asText();
            }
        }
        return "?";
    }

    /** Passes when no WARNING/SEVERE record of the log names our plugin; otherwise fails listing them. */
    static String logAboutUs(Path home) throws IOException {
        List<String> records = problems(Files.readAllLines(home.resolve("jenkins.log")));
        // the security phase asks for these on purpose: a POST without a crumb, refused by Jenkins
        List<String> provoked = records.stream().filter(r -> r.contains("CrumbFilter#doFilter: No valid crumb")).toList();
        List<String> ours = records.stream().filter(r -> !provoked.contains(r)).filter(r ->
                r.toLowerCase(Locale.ROOT).contains("codybatch") || r.toLowerCase(Locale.ROOT).contains("cody-batch")
                        || r.toLowerCase(Locale.ROOT).contains("cody batch")).toList();
        require(ours.isEmpty(), ours.size() + " about ours: " + String.join(" | ", ours.stream()
                .map(r -> JenkinsHttp.abbreviate(r)).toList()));
        return records.size() + " WARNING/SEVERE records, none about cody-batch"
                + (provoked.isEmpty() ? "" : " (besides " + provoked.size() + " crumb refusals the suite provoked)");
    }

    /** The WARNING and SEVERE records of a Jenkins log, each with its following lines (the stack trace). */
    static List<String> problems(List<String> lines) {
        List<String> records = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            var m = RECORD_START.matcher(line);
            if (m.matches()) {
                if (current != null) {
                    records.add(current.toString());
                }
                current = m.group(1).equals("WARNING") || m.group(1).equals("SEVERE") ? new StringBuilder(line) : null;
            } else if (current != null) {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            records.add(current.toString());
        }
        return records;
    }
}
