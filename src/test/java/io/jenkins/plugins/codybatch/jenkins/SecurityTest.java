package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.verb.POST;

/** Web methods that change state or reveal credentials must be POST; every Jelly view escapes by default. */
class SecurityTest {

    private static final Path RESOURCES = Path.of("src/main/resources/io/jenkins/plugins/codybatch/jenkins");

    @Test
    void credentialListsAndTheConnectionTestArePostOnly() {
        for (Class<?> type : List.of(CodyBatchStep.DescriptorImpl.class, CodyBatchBuilder.DescriptorImpl.class,
                CodyBatchGlobalConfiguration.class)) {
            List<Method> sensitive = Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> m.getName().startsWith("doFill") && m.getName().contains("Credentials")
                            || m.getName().equals("doTestConnection"))
                    .toList();
            assertThat(sensitive).as(type.getSimpleName()).isNotEmpty();
            assertThat(sensitive).as(type.getSimpleName()).allMatch(m -> m.isAnnotationPresent(POST.class));
        }
    }

    @Test
    void globalFormChecksNeedAdministerAndArePost() {
        assertThat(Arrays.stream(CodyBatchGlobalConfiguration.class.getDeclaredMethods())
                .filter(m -> m.getName().startsWith("doCheck")))
                .isNotEmpty()
                .allMatch(m -> m.isAnnotationPresent(POST.class));
    }

    @Test
    void theOnlyStateChangingActionEndpointIsPost() throws Exception {
        assertThat(Arrays.stream(CodyBatchAction.class.getDeclaredMethods()).map(Method::getName)
                .filter(name -> name.startsWith("do")))
                .containsExactlyInAnyOrder("doSummary", "doRepo", "doRetryFailed");
        assertThat(CodyBatchAction.class.getMethod("doRetryFailed", org.kohsuke.stapler.StaplerRequest2.class,
                org.kohsuke.stapler.StaplerResponse2.class).isAnnotationPresent(POST.class)).isTrue();
        assertThat(Arrays.stream(CodyBatchJobAction.class.getDeclaredMethods()).map(Method::getName)
                .filter(name -> name.startsWith("do"))).containsExactly("doTrend");
    }

    @Test
    void everyJellyFileEscapesByDefault() throws Exception {
        List<Path> jelly;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            jelly = files.filter(p -> p.toString().endsWith(".jelly")).toList();
        }
        assertThat(jelly).hasSizeGreaterThan(5);
        for (Path file : jelly) {
            assertThat(Files.readString(file)).as(file.toString()).startsWith("<?jelly escape-by-default='true'?>");
            assertThat(Files.readString(file)).as(file + " has no inline script").doesNotContain("<script");
        }
    }

    @Test
    void everyBuilderAndGlobalFieldHasHelp() throws Exception {
        assertHelp(CodyBatchBuilder.class, "CodyBatchBuilder");
        assertHelp(CodyBatchGlobalConfiguration.class, "CodyBatchGlobalConfiguration");
        assertThat(RESOURCES.resolve("CodyBatchBuilder/help-prompt.html")).isRegularFile();
    }

    private static void assertHelp(Class<?> type, String folder) throws Exception {
        List<String> fields = Arrays.stream(type.getMethods())
                .filter(m -> m.isAnnotationPresent(org.kohsuke.stapler.DataBoundSetter.class))
                .map(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4))
                .toList();
        assertThat(fields).hasSizeGreaterThan(8);
        for (String field : fields) {
            Path help = RESOURCES.resolve(folder).resolve("help-" + field + ".html");
            assertThat(help).as(field).isRegularFile();
            assertThat(Files.readString(help).strip()).startsWith("<div>").endsWith("</div>");
        }
    }
}
