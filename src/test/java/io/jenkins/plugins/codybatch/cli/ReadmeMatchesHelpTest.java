package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * README.md and the command's own help say the same: README holds the exact output of {@code cody-batch help run},
 * which is also {@code run --help}; and every flag README or docs/cli.md names is a flag of the command.
 */
class ReadmeMatchesHelpTest {

    static final String MARKER = "<!-- cody-batch help run: checked against the real output by ReadmeMatchesHelpTest -->";

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        CliContext context = new CliContext(Map.of(), new PrintWriter(out, true), new PrintWriter(new StringWriter(),
                true), false, false, new EngineFactory(), Clock.systemUTC());
        assertThat(CodyBatchCli.execute(context, args)).isZero();
        return out.toString();
    }

    @Test
    void readmeHoldsTheExactOutputOfHelpRun() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md has the marked help block").isPositive();
        int start = readme.indexOf("```text\n", marker) + "```text\n".length();
        String documented = readme.substring(start, readme.indexOf("\n```", start) + 1);

        String help = cli("help", "run");

        assertThat(documented).as("README.md's help block: paste the output of 'cody-batch help run' there")
                .isEqualTo(help);
        assertThat(cli("run", "--help")).isEqualTo(help);
        assertThat(help).startsWith("NAME\n  cody-batch run - ").contains("\nSYNOPSIS\n", "\nDESCRIPTION\n",
                "\nOPTIONS\n", "\nENVIRONMENT (flags win)\n", "\nEXIT STATUS\n", "\nEXAMPLES\n");
    }

    @Test
    void everyFlagTheDocsNameIsAFlagOfTheCommand() throws Exception {
        Set<String> flags = new TreeSet<>();
        CommandLine commandLine = new CommandLine(new CodyBatchCli(null));
        RunCommand run = new RunCommand(null);
        CommandLine runLine = new CommandLine(run);
        run.flags.addTo(runLine.getCommandSpec());
        DoctorCommand doctor = new DoctorCommand(null);
        CommandLine doctorLine = new CommandLine(doctor);
        doctor.flags.addTo(doctorLine.getCommandSpec(), DoctorCommand.OPTIONS);
        for (CommandLine command : new CommandLine[] {runLine, doctorLine, commandLine}) {
            command.getCommandSpec().options().forEach(o -> flags.addAll(Set.of(o.names())));
        }
        for (String doc : new String[] {"README.md", "docs/cli.md"}) {
            Matcher flag = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(Files.readString(Path.of(doc)));
            Set<String> named = new TreeSet<>();
            while (flag.find()) {
                named.add(flag.group());
            }
            named.removeAll(Set.of("--bare", "--no-daemon")); // git's and Gradle's, in examples
            assertThat(flags).as("flags named in " + doc).containsAll(named);
        }
    }
}
