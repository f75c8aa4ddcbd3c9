package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.options.JobOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "doctor",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        description = "Checks that a run can work: API key and model, GitHub token, git, output folder.",
        footer = {"", "Exit codes: 0 every check passed, 1 a check failed, 2 a check is not available in this build."})
final class DoctorCommand implements Callable<Integer> {

    private final CliContext context;

    DoctorCommand(CliContext context) {
        this.context = context;
    }

    /** --output, --api-url, --model and --github-api-url, as the option registry defines them for run. */
    final CliOptions flags = new CliOptions();
    static final Set<JobOption> OPTIONS = EnumSet.of(JobOption.OUTPUT, JobOption.MODEL, JobOption.API_URL,
            JobOption.GITHUB_API_URL);

    @Option(names = "--git", paramLabel = "PATH", description = "git executable. Default: git.", hidden = true)
    String git = "git";

    @Override
    public Integer call() {
        CliSettings settings = CliSettings.resolve(context.env(), flags.text(JobOption.API_URL),
                flags.text(JobOption.MODEL), null, flags.text(JobOption.GITHUB_API_URL), null);
        List<DoctorCheck> checks = new ArrayList<>();
        checks.add(new GitCheck(git));
        checks.add(new OutputFolderCheck(Path.of(flags.given(JobOption.OUTPUT) ? flags.text(JobOption.OUTPUT)
                : JobFromFlags.DEFAULT_OUTPUT)));
        boolean allOk = true;
        for (DoctorCheck check : checks) {
            allOk &= print(check.name(), check.run());
        }
        allOk &= print("anthropic api key", settings.apiKey() != null
                ? DoctorCheck.Result.ok("ANTHROPIC_API_KEY is set")
                : DoctorCheck.Result.failed("ANTHROPIC_API_KEY is not set; export your Anthropic API key"));
        for (DoctorCheck check : context.components().remoteChecks(settings)) {
            DoctorCheck.Result result;
            try {
                result = check.run();
            } catch (RuntimeException e) {
                result = DoctorCheck.Result.failed("the check itself failed: " + e);
            }
            allOk &= print(check.name(), result);
        }
        context.out().flush();
        return allOk ? CodyBatchCli.OK : CodyBatchCli.FAILURES;
    }

    private boolean print(String name, DoctorCheck.Result result) {
        context.out().printf("%-4s %s: %s%n", result.ok() ? "ok" : "FAIL", name, result.detail());
        return result.ok();
    }
}
