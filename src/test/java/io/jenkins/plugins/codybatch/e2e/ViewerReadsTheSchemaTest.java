package io.jenkins.plugins.codybatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.e2e.ViewerPage.Where;
import io.jenkins.plugins.codybatch.engine.results.ResultsSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The viewer reads no field the schema does not name. The build page is opened with JSON.parse wrapped so that every
 * property the viewer reads from summary.json and transcript events is recorded (a field that is absent counts too:
 * reading one is how the old viewer showed nothing); then every repository and every tab is opened, and each path
 * read must exist in the schema.
 */
class ViewerReadsTheSchemaTest {

    /** Wraps every parsed document in proxies that record "summary.repositories[].status"-like paths. */
    static final String RECORDER = "<script>(function () {"
            + "var parse = JSON.parse; window.cbReads = {};"
            + "function wrap(v, path) {"
            + "  if (v === null || typeof v !== 'object') { return v; }"
            + "  return new Proxy(v, { get: function (t, p, r) {"
            + "    var value = Reflect.get(t, p, r);"
            + "    if (typeof p !== 'string' || p === 'then') { return value; }" // promises probe every value for then
            + "    if (Array.isArray(t)) { return /^[0-9]+$/.test(p) ? wrap(value, path + '[]') : value; }"
            + "    if (Object.prototype.hasOwnProperty.call(t, p) || !(p in t)) {"
            + "      window.cbReads[path + '.' + p] = true; return wrap(value, path + '.' + p); }"
            + "    return value; } });"
            + "}"
            + "JSON.parse = function (text, reviver) { var v = parse(text, reviver);"
            + "  var root = v && typeof v === 'object' && !Array.isArray(v)"
            + "    ? ('format_version' in v ? 'summary' : 'event' in v ? 'event' : 'other') : 'other';"
            + "  return wrap(v, root); };"
            + "}());</script>";

    @Test
    void everyFieldTheBuildPageReadsIsInTheSchema() throws IOException {
        RealResults real = RealResults.get();
        List<String> reads = new ArrayList<>();
        reads.addAll(readsWhileOpeningEverything(real.code));
        reads.addAll(readsWhileOpeningEverything(real.analysis));
        reads.addAll(readsWhileOpeningEverything(real.checked));

        assertThat(reads).contains("summary.repositories[].result.usage.input_tokens", "event.event",
                "event.new_messages[].content[].text", "summary.counts.FAILED");
        List<String> unknown = reads.stream().filter(path -> !inSchema(path)).toList();
        assertThat(unknown).as("fields the viewer reads that the schema does not name").isEmpty();
    }

    private static List<String> readsWhileOpeningEverything(Path results) throws IOException {
        try (ViewerPage page = ViewerPage.open(Where.BUILD_PAGE, results, RECORDER)) {
            for (String name : page.rows()) {
                page.openRepository(name);
                for (String tab : page.tabs()) {
                    page.tab(tab);
                }
            }
            for (WebElement sort : page.all(".cb-sort")) {
                sort.click();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> reads = (Map<String, Object>) page.script("return window.cbReads");
            return new ArrayList<>(new TreeSet<>(reads.keySet()));
        }
    }

    /** Whether a read path ("summary.job.limits.max_cost", "event.usage.output_tokens") is named by the schema. */
    static boolean inSchema(String path) {
        List<String> steps = new ArrayList<>(Arrays.asList(path.replace("[]", ".[]").split("\\.")));
        String root = steps.remove(0);
        return switch (root) {
            case "summary" -> resolves(ResultsSchema.tree("summary.schema.json"), "summary.schema.json", steps);
            case "event" -> {
                boolean any = false;
                for (JsonNode event : ResultsSchema.tree("transcript-event.schema.json").path("oneOf")) {
                    any |= resolves(event, "transcript-event.schema.json", steps);
                }
                yield any;
            }
            default -> false; // the viewer parses nothing else
        };
    }

    private static boolean resolves(JsonNode node, String file, List<String> steps) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            String target = ref.startsWith("#") ? file : ref.contains("#") ? ref.substring(0, ref.indexOf('#')) : ref;
            JsonNode resolved = ResultsSchema.tree(target);
            if (ref.contains("#")) {
                resolved = resolved.at(ref.substring(ref.indexOf('#') + 1));
            }
            return resolves(resolved, target, steps);
        }
        if (steps.isEmpty()) {
            return true;
        }
        String step = steps.get(0);
        List<String> rest = steps.subList(1, steps.size());
        if (step.equals("[]")) {
            return !node.has("items") || resolves(node.get("items"), file, rest);
        }
        if (!node.has("properties")) {
            return !node.has("oneOf") && !node.path("additionalProperties").isBoolean(); // an open object: the API's
        }
        JsonNode property = node.path("properties").get(step);
        return property != null && resolves(property, file, rest);
    }
}
