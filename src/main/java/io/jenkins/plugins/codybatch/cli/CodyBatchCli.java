package io.jenkins.plugins.codybatch.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar cody-batch-cli.jar}: runs Cody Batch outside Jenkins.
 * Exit codes: 0 every repository COMPLETED, NO_CHANGES or SKIPPED; 1 some repository FAILED (or an unexpected
 * internal error); 2 usage or configuration error.
 */
@Command(
        name = "cody-batch",
        mixinStandardHelpOptions = true,
        versionProvider = CodyBatchCli.Version.class,
        usageHelpAutoWidth = true,
        description = "Applies one AI-driven code change (or analysis) across many git repositories.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  every repository COMPLETED, NO_CHANGES or SKIPPED",
            "  1  at least one repository FAILED",
            "  2  usage or configuration error",
            "",
            "Run 'cody-batch help run' or 'cody-batch help doctor' for the options of a command.",
            "Shell completion: source <(cody-batch generate-completion)  (bash and zsh)."
        })
public final class CodyBatchCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILURES = 1;
    public static final int USAGE = 2;
    /** Help is this wide when the width of the terminal is not known (and in README.md). */
    static final int HELP_WIDTH = 100;
    private static final int LONG_OPTIONS_WIDTH = 34;

    private final CliContext context;

    CodyBatchCli(CliContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        quietLibraryLogging();
        Warmup.start();
        System.exit(execute(CliContext.system(), args));
    }

    /** github-api and JGit log through java.util.logging; what matters reaches the console through our own lines. */
    static void quietLibraryLogging() {
        java.util.logging.LogManager.getLogManager().reset();
    }

    /** Runs one command line and returns its exit code; never throws. */
    public static int execute(CliContext context, String... args) {
        RunCommand run = new RunCommand(context);
        CommandLine runLine = new CommandLine(run);
        run.flags.addTo(runLine.getCommandSpec());
        runLine.setUsageHelpLongOptionsMaxWidth(LONG_OPTIONS_WIDTH);
        CommandLine commandLine = new CommandLine(new CodyBatchCli(context)).addSubcommand(runLine);
        if (args.length == 0 || !args[0].equals("run")) {
            // The other commands only when the command line may name them: picocli takes a tenth of a second on one
            // core to build them, which every batch would pay before its first repository starts.
            DoctorCommand doctor = new DoctorCommand(context);
            CommandLine doctorLine = new CommandLine(doctor);
            doctor.flags.addTo(doctorLine.getCommandSpec(), DoctorCommand.OPTIONS);
            commandLine.addSubcommand(doctorLine)
                    .addSubcommand(new CommandLine.HelpCommand())
                    .addSubcommand(new AutoComplete.GenerateCompletion());
        }
        commandLine.setUsageHelpWidth(HELP_WIDTH)
                .setOut(context.out())
                .setErr(context.err())
                .setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, given) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            context.err().println("cody-batch: " + e.getMessage() + " (see '" + command + " --help')");
            context.err().flush();
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof UsageException) {
                context.err().println("cody-batch: " + e.getMessage());
                context.err().flush();
                return USAGE;
            }
            context.err().println("cody-batch: unexpected error: " + e);
            context.err().flush();
            return FAILURES;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        context.err().println("cody-batch: say what to do: 'run' or 'doctor' (see 'cody-batch --help')");
        context.err().flush();
        return USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CodyBatchCli.class.getPackage().getImplementationVersion();
            return new String[] {"cody-batch " + (version == null ? "(development build)" : version)};
        }
    }
}
