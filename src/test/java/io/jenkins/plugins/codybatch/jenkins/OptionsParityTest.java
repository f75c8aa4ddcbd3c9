package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.FormValidation;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The step, the builder, their forms and help files, the CLI and docs/cli.md all say what the option registry
 * ({@link JobOption}) says: every step option has an entry and a CLI flag unless it is Jenkins-only by nature, and
 * the CLI-only ones are listed.
 */
class OptionsParityTest {

    static final Set<String> JENKINS_ONLY = Set.of("anthropicCredentialsId", "githubCredentialsId",
            "gitHubAppInstallationId", "label", "resultWhenSomeFail", "resultWhenAllFail", "retryFailedFrom");
    static final Set<String> CLI_ONLY = Set.of("reposFile", "promptFile", "retryFailed", "dryRun", "output", "json",
            "quiet", "verbose", "anthropicApiBaseUrl", "gitHubApiUrl");
    static final Path HELP = Path.of("src/main/resources/io/jenkins/plugins/codybatch/jenkins/CodyBatchBuilder");

    private static Set<String> setters(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(DataBoundSetter.class))
                .map(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(boolean step, boolean cli) {
        return Arrays.stream(JobOption.values()).filter(o -> o.inStep() == step && o.inCli() == cli)
                .map(JobOption::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyStepOptionHasARegistryEntryAndACliFlagUnlessItIsJenkinsOnly() {
        Set<String> step = setters(CodyBatchStep.class);
        step.add("prompt"); // the constructor's

        assertThat(setters(CodyBatchBuilder.class)).isEqualTo(setters(CodyBatchStep.class));
        Set<String> inStep = new TreeSet<>(ids(true, true));
        inStep.addAll(ids(true, false));
        assertThat(step).as("step options = the registry's step options").isEqualTo(inStep);
        assertThat(ids(true, false)).as("Jenkins-only").isEqualTo(JENKINS_ONLY);
        assertThat(ids(false, true)).as("CLI-only").isEqualTo(CLI_ONLY);
        for (JobOption option : JobOption.values()) {
            assertThat(option.help(Host.CLI)).as(option.id()).isNotBlank().doesNotContain("{");
            if (option.inCli()) {
                assertThat(option.flag()).as(option.id()).matches("--[a-z][a-z-]+");
            }
        }
    }

    @Test
    void everyStepOptionReachesTheChecksAtTheStartOfABuild() throws Exception {
        CodyBatchStep step = new CodyBatchStep("p");
        for (Method setter : CodyBatchStep.class.getMethods()) {
            if (setter.isAnnotationPresent(DataBoundSetter.class)) {
                Class<?> type = setter.getParameterTypes()[0];
                Object value = type == String.class ? "x" : type == List.class ? List.of("x")
                        : type == boolean.class ? (Object) Boolean.TRUE : type == int.class ? (Object) 1
                        : type == long.class ? (Object) 1L : (Object) 1.0;
                setter.invoke(step, value);
            }
        }
        Set<String> checked = step.options().values().keySet().stream().map(JobOption::id)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = new TreeSet<>(setters(CodyBatchStep.class));
        all.add("prompt");
        assertThat(checked).isEqualTo(all);
    }

    @Test
    void eachHelpFileSaysWhatTheRegistrySaysThenWhatOnlyJenkinsNeeds() throws Exception {
        for (JobOption option : JobOption.values()) {
            if (!option.inStep()) {
                continue;
            }
            Path file = HELP.resolve("help-" + option.id() + ".html");
            assertThat(file).as(option.id()).isRegularFile();
            String html = Files.readString(file).strip();
            assertThat(html).startsWith("<div>").endsWith("</div>");
            String first = html.substring("<div>".length(), html.length() - "</div>".length()).split("<p>")[0];
            String text = first.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&").replaceAll("\\s+", " ").strip();
            assertThat(text).as("first paragraph of " + file).isEqualTo(option.help(Host.JENKINS));
        }
    }

    @Test
    void theFormsAndTheBuildGiveTheRegistrysVerdictsInTheStepsNames() {
        CodyBatchStep.DescriptorImpl step = new CodyBatchStep.DescriptorImpl();
        CodyBatchBuilder.DescriptorImpl builder = new CodyBatchBuilder.DescriptorImpl();

        FormValidation cost = step.doCheckMaxJobCost("-1");
        assertThat(cost.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(cost.getMessage()).isEqualTo("maxJobCost must be 0 or more, was -1.");
        assertThat(cost.getMessage()).isEqualTo(OptionsCheck.sentence(JobOption.MAX_JOB_COST.problem(-1.0, Host.JENKINS)));
        assertThat(builder.doCheckMaxJobCost("-1").getMessage()).isEqualTo(cost.getMessage());
        assertThat(step.doCheckMaxJobCost("lots").getMessage())
                .isEqualTo("maxJobCost must be an amount in US dollars such as 2.50, was 'lots'.");
        assertThat(step.doCheckTimeout("soon").getMessage()).isEqualTo("timeout must look like 90s, 30m or 2h, was 'soon'.");
        assertThat(step.doCheckBaseBranch("a..b").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckParallelism("65").getMessage())
                .isEqualTo("parallelism must be between 1 and 64 (or 0 for the default), was 65.");
        assertThat(step.doCheckPrompt(" ").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(step.doCheckMaxJobTokens("").kind).isEqualTo(FormValidation.Kind.OK);

        BatchOptions options = new BatchOptions("p");
        options.setRepositories(List.of("acme/a"));
        options.setForkOrganization("acme-forks");
        options.setDraft(true);
        options.setMaxJobCost(-2);
        assertThat(OptionsCheck.problems(options)).containsExactly("maxJobCost must be 0 or more, was -2.",
                "draft applies to pull requests; add createPullRequests.",
                "forkOrganization says where to fork; add fork.");
    }

    @Test
    void docsCliMdMapsEveryFlagToItsStepOptionAsTheRegistryDoes() throws Exception {
        List<String> mapped = new ArrayList<>();
        Matcher row = Pattern.compile("^\\| (`--[^|]+) \\| (`[^|]+) \\|$", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("docs/cli.md")));
        while (row.find()) {
            List<String> flags = names(row.group(1));
            List<String> steps = names(row.group(2));
            assertThat(flags).as(row.group()).hasSameSizeAs(steps);
            for (int i = 0; i < flags.size(); i++) {
                JobOption option = JobOption.byId(steps.get(i));
                assertThat(option.flag()).as(row.group()).isEqualTo(flags.get(i));
                mapped.add(option.id());
            }
        }
        assertThat(new TreeSet<>(mapped)).isEqualTo(ids(true, true));
    }

    private static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        Matcher name = Pattern.compile("`([^`]+)`").matcher(cell);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }
}
