package io.jenkins.plugins.codybatch;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the built target/cody-batch.hpi and target/cody-batch-cli.jar and checks what Jenkins and a user rely on:
 * layout, manifest, the @Extension and @Symbol indexes, parameter names, and that no stub or provided library
 * is shipped (../shared/jenkins-api/HPI-FORMAT.md).
 */
class PackagingIT {

    private static final Path TARGET = Paths.get("target");
    private static final Path HPI = TARGET.resolve("cody-batch.hpi");
    private static final Path CLI = TARGET.resolve("cody-batch-cli.jar");
    private static final String PLUGIN_JAR = "WEB-INF/lib/cody-batch.jar";
    private static final String OWN_PACKAGE = "io/jenkins/plugins/codybatch/";

    /** Plugins whose types the code uses, each with the release version from VERSIONS.md. */
    private static final List<String> EXPECTED_DEPENDENCIES = List.of(
            "workflow-step-api:710.v3e456cc85233",
            "workflow-api:1413.v2ff1a_5e720fa_",
            "credentials:1502.v5c95e620ddfe",
            "plain-credentials:199.v9f8e1f741799",
            "structs:362.va_b_695ef4fdf9",
            "git-client:6.6.1",
            "github-api:1.330-492.v3941a_032db_2a_",
            "okhttp-api:5.3.2-200.vedb_720a_cf1f8",
            "jackson2-api:2.22.0-439.vb_b_43658d6176");

    @TempDir
    static Path tmp;

    private static Path pluginJar;

    @BeforeAll
    static void extractPluginJar() throws IOException {
        assertThat(HPI).as("run `mvn verify`: the .hpi is built in the package phase").exists();
        pluginJar = tmp.resolve("cody-batch.jar");
        try (ZipFile hpi = new ZipFile(HPI.toFile()); InputStream in = hpi.getInputStream(hpi.getEntry(PLUGIN_JAR))) {
            Files.copy(in, pluginJar);
        }
    }

    @Test
    void hpiHasThePluginLayoutAndBundlesNoLibraries() throws IOException {
        List<String> entries = entries(HPI);
        assertThat(entries.get(0)).isIn("META-INF/", "META-INF/MANIFEST.MF");
        assertThat(entries).contains("META-INF/MANIFEST.MF", PLUGIN_JAR);
        // Every library comes from Jenkins core or a dependency plugin: the plugin jar is the only jar inside.
        assertThat(entries.stream().filter(e -> e.endsWith(".jar"))).containsExactly(PLUGIN_JAR);
        assertThat(entries).noneMatch(e -> e.startsWith("WEB-INF/classes/"));
    }

    @Test
    void manifestHasWhatJenkinsReads() throws IOException {
        Attributes main = manifest(HPI);
        assertThat(main.getValue("Short-Name")).isEqualTo("cody-batch");
        assertThat(main.getValue("Long-Name")).isEqualTo("Cody Batch");
        assertThat(main.getValue("Plugin-Version")).isNotBlank();
        assertThat(main.getValue("Jenkins-Version")).isEqualTo("2.541.1");
        assertThat(main.getValue("Hudson-Version")).isEqualTo("2.541.1");
        assertThat(main.getValue("Url")).startsWith("https://");
        assertThat(main.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
        assertThat(main.getValue("Artifact-Id")).isEqualTo("cody-batch");
        assertThat(main.getValue("Plugin-Class")).as("no legacy hudson.Plugin subclass").isNull();
        assertThat(main.getValue("Minimum-Java-Version")).as("no longer written by maven-hpi-plugin").isNull();

        String dependencies = main.getValue("Plugin-Dependencies");
        Pattern entry = Pattern.compile("[a-z0-9][a-z0-9-]*:[A-Za-z0-9._-]+(;resolution:=optional)?");
        assertThat(dependencies.split(",")).allSatisfy(d -> assertThat(d).matches(entry));
        assertThat(dependencies.split(",")).containsExactlyInAnyOrderElementsOf(EXPECTED_DEPENDENCIES);
    }

    @Test
    void pluginJarCarriesTheSameManifestAndTheDescription() throws IOException {
        assertThat(manifest(pluginJar)).isEqualTo(manifest(HPI));
        assertThat(entries(pluginJar)).contains("index.jelly");
    }

    @Test
    void noStubOrBuildToolIsShipped() throws IOException {
        Set<String> stubs = classesUnder(TARGET.resolve("stub-classes"));
        assertThat(stubs).as("stubs are compiled to target/stub-classes").isNotEmpty();
        for (Path archive : List.of(pluginJar, CLI)) {
            List<String> classes = entries(archive).stream().filter(e -> e.endsWith(".class")).toList();
            assertThat(classes).as(archive + " ships no stub").noneMatch(stubs::contains);
            assertThat(classes).as(archive + " ships no build tool").noneMatch(c -> c.startsWith(OWN_PACKAGE + "buildtools/")
                    || c.startsWith("org/jenkinsci/") || c.startsWith("org/jvnet/"));
        }
        assertThat(entries(pluginJar).stream().filter(e -> e.endsWith(".class")))
                .as("the plugin jar holds only our own classes, and not the CLI")
                .allMatch(c -> c.startsWith(OWN_PACKAGE) && !c.startsWith(OWN_PACKAGE + "cli/"));
    }

    @Test
    void extensionIndexListsExactlyTheAnnotatedElements() throws Exception {
        Set<String> indexed = new TreeSet<>();
        Set<String> dynamicLoadable = new TreeSet<>();
        try (URLClassLoader loader = isolatedLoader()) {
            @SuppressWarnings("unchecked")
            Class<? extends Annotation> extension = (Class<? extends Annotation>) loader.loadClass(Extension.class.getName());
            for (IndexItem<? extends Annotation, Object> item : Index.load(extension, Object.class, loader)) {
                indexed.add(item.className() + (item.memberName() == null ? "" : "#" + item.memberName()));
                dynamicLoadable.add(String.valueOf(extension.getMethod("dynamicLoadable").invoke(item.annotation())));
            }
        }
        assertThat(indexed).isEqualTo(annotated(Extension.class));
        // maven-hpi-plugin's rule: all YES -> "true", any NO -> "false", otherwise the attribute is left out.
        String expected = dynamicLoadable.contains("NO") ? "false"
                : dynamicLoadable.equals(Set.of("YES")) ? "true" : null;
        assertThat(manifest(HPI).getValue("Support-Dynamic-Loading")).isEqualTo(expected);
        // The plugin's entry points must be discoverable: the Pipeline step, the builder, the global configuration.
        assertThat(indexed).contains(
                "io.jenkins.plugins.codybatch.jenkins.CodyBatchStep$DescriptorImpl",
                "io.jenkins.plugins.codybatch.jenkins.CodyBatchBuilder$DescriptorImpl",
                "io.jenkins.plugins.codybatch.jenkins.CodyBatchGlobalConfiguration");
    }

    @Test
    void symbolIndexListsExactlyTheClassesWithASymbol() throws Exception {
        Set<String> indexed = new TreeSet<>();
        try (ZipFile jar = new ZipFile(pluginJar.toFile())) {
            ZipEntry index = jar.getEntry("META-INF/services/annotations/" + Symbol.class.getName());
            if (index != null) {
                String text = new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).as("one binary name a line, no blanks or comments").doesNotContain("\n\n").doesNotContain("#");
                indexed.addAll(Arrays.asList(text.split("\n")));
            }
        }
        Set<String> annotated = new TreeSet<>();
        for (Class<?> type : pluginClasses()) {
            if (type.isAnnotationPresent(Symbol.class)) {
                annotated.add(type.getName());
            }
        }
        assertThat(indexed).isEqualTo(annotated);
        // structs finds `codyBatch` (Pipeline) and the JCasC symbol through this index.
        assertThat(indexed).contains("io.jenkins.plugins.codybatch.jenkins.CodyBatchStep$DescriptorImpl",
                "io.jenkins.plugins.codybatch.jenkins.CodyBatchGlobalConfiguration");
    }

    @Test
    void staplerCanReadConstructorParameterNames() throws Exception {
        for (Class<?> type : pluginClasses()) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Arrays.stream(constructor.getAnnotations()).anyMatch(a -> a.annotationType().getSimpleName().equals("DataBoundConstructor"))) {
                    assertThat(constructor.getParameters()).as(constructor + " compiled with -parameters")
                            .allMatch(java.lang.reflect.Parameter::isNamePresent);
                }
            }
        }
    }

    @Test
    void cliJarIsRunnableWithEveryLibraryInside() throws IOException {
        assertThat(CLI).exists();
        assertThat(manifest(CLI).getValue("Main-Class")).isEqualTo("io.jenkins.plugins.codybatch.cli.CodyBatchCli");
        List<String> entries = entries(CLI);
        assertThat(entries).contains(
                "okhttp3/OkHttpClient.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class",
                "org/kohsuke/github/GitHub.class",
                "org/eclipse/jgit/api/Git.class",
                "picocli/CommandLine.class",
                "kotlin/Unit.class");
        assertThat(entries).as("no Jenkins glue in the CLI").noneMatch(e -> e.startsWith(OWN_PACKAGE + "jenkins/"));
    }

    // ------------------------------------------------------------------ helpers

    /** Stubs and SezPoz only, so the index is read from the plugin jar alone, as Jenkins' plugin class loader does. */
    private static URLClassLoader isolatedLoader() throws IOException {
        URL sezpoz = Index.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader parent = new URLClassLoader(
                new URL[] {TARGET.resolve("stub-classes").toUri().toURL(), sezpoz}, ClassLoader.getPlatformClassLoader());
        return new URLClassLoader(new URL[] {pluginJar.toUri().toURL()}, parent);
    }

    /** Elements (classes, fields, methods) of the plugin jar carrying the annotation, as SezPoz names them. */
    private static Set<String> annotated(Class<? extends Annotation> annotation) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : pluginClasses()) {
            if (type.isAnnotationPresent(annotation)) {
                names.add(type.getName());
            }
            Stream.<AnnotatedElement>concat(Arrays.stream(type.getDeclaredFields()), Arrays.stream(type.getDeclaredMethods()))
                    .filter(e -> e.isAnnotationPresent(annotation))
                    .forEach(e -> names.add(type.getName() + "#" + ((java.lang.reflect.Member) e).getName()));
        }
        return names;
    }

    private static List<Class<?>> pluginClasses() throws IOException {
        List<Class<?>> classes = new ArrayList<>();
        for (String entry : entries(pluginJar)) {
            if (entry.endsWith(".class") && !entry.endsWith("module-info.class")) {
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                try {
                    classes.add(Class.forName(name, false, PackagingIT.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(name + " is in the plugin jar but not loadable", e);
                }
            }
        }
        return classes;
    }

    private static Set<String> classesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<String> entries(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    private static Attributes manifest(Path archive) throws IOException {
        try (JarFile jar = new JarFile(archive.toFile())) {
            Manifest manifest = jar.getManifest();
            assertThat(manifest).as(archive + " has a manifest").isNotNull();
            return manifest.getMainAttributes();
        }
    }
}
