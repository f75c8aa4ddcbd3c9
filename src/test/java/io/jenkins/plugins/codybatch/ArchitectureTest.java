package io.jenkins.plugins.codybatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine and the CLI run without Jenkins: they may not touch a Jenkins type or the Jenkins layer. */
class ArchitectureTest {

    private static final String[] JENKINS_PACKAGES = {
        "hudson..", "jenkins..", "org.kohsuke.stapler..", "org.jenkinsci..", "com.cloudbees..",
        "io.jenkins.plugins.okhttp..", "net.sf.json..", "org.jvnet..", "io.jenkins.plugins.codybatch.jenkins.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.jenkins.plugins.codybatch");
    }

    @Test
    void engineDoesNotDependOnJenkins() {
        rule("io.jenkins.plugins.codybatch.engine..").check(classes);
    }

    @Test
    void cliDoesNotDependOnJenkins() {
        rule("io.jenkins.plugins.codybatch.cli..").check(classes);
    }

    @Test
    void engineDoesNotDependOnTheCli() {
        noClasses().that().resideInAPackage("io.jenkins.plugins.codybatch.engine..")
                .should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.codybatch.cli..")
                .check(classes);
    }

    private static ArchRule rule(String packageIdentifier) {
        return noClasses().that().resideInAPackage(packageIdentifier)
                .should().dependOnClassesThat().resideInAnyPackage(JENKINS_PACKAGES)
                .allowEmptyShould(true);
    }
}
