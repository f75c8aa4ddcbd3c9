package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.JobSpend;
import io.jenkins.plugins.codybatch.engine.batch.LocalResultsStore;
import io.jenkins.plugins.codybatch.engine.batch.LocalWorker;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.repo.Allowlist;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cody-batch run}: its flags come from the option registry ({@link CliOptions}), its job from {@link JobFromFlags}. */
@Command(
        name = "run",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        headerHeading = "NAME%n  cody-batch run - ",
        header = "works one prompt on many git repositories and keeps what the model did",
        synopsisHeading = "%nSYNOPSIS%n",
        customSynopsis = {
            "  cody-batch run (--repo SPEC... | --repos-file FILE | --owner OWNER)",
            "                 (--prompt TEXT | --prompt-file FILE) [OPTIONS]",
            "  cody-batch run --retry-failed DIR [OPTIONS]"
        },
        descriptionHeading = "%nDESCRIPTION%n",
        description = {
            "  For each repository: a fresh shallow clone, a Claude tool-use conversation that works the",
            "  prompt in it, the change as patch.diff, the conversation as transcript.jsonl and what happened",
            "  as result.json; with --create-prs, a pull request. Repositories are worked in parallel, each on",
            "  its own: one that fails never stops the others. The results folder also gets summary.json and",
            "  report.html (open it in a browser). See docs/cli.md and docs/results.md."
        },
        optionListHeading = "%nOPTIONS%n",
        footerHeading = "%nENVIRONMENT (flags win)%n",
        footer = {
            "  ANTHROPIC_API_KEY     required (not for --dry-run); never printed or written anywhere",
            "  ANTHROPIC_BASE_URL    like --api-url",
            "  CLAUDE_MODEL          like --model",
            "  CLAUDE_MAX_TOKENS     like --max-tokens",
            "  GITHUB_TOKEN          GitHub token: for owner/name, --owner and --create-prs",
            "  GITHUB_API_URL        like --github-api-url",
            "  ALLOWED_REPOSITORIES  like --allowed-repos",
            "  HTTPS_PROXY, NO_PROXY proxy for both APIs, hosts reached directly",
            "",
            "EXIT STATUS",
            "  0    every repository COMPLETED, NO_CHANGES or SKIPPED (for --dry-run: none would fail)",
            "  1    some repository FAILED, or the batch stopped early (for --dry-run: some would fail)",
            "  2    usage or configuration error; one line on standard error, nothing was run",
            "  130  interrupted (Ctrl-C), 143 terminated: what was spent is recorded, report.html written",
            "",
            "EXAMPLES",
            "  cody-batch run --repo ../my-service --prompt \"Replace Foo.bar() with Foo.baz()\"",
            "  cody-batch run --owner acme --topic java --prompt-file junit5.md --create-prs --draft --dry-run",
            "  cody-batch run --repos-file repos.txt --prompt-file - --max-job-cost 20 --json <ask.md >out.json",
            "  cody-batch run --retry-failed cody-batch-output"
        })
final class RunCommand implements Callable<Integer> {

    private final CliContext context;
    final CliOptions flags = new CliOptions();

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Console console = Console.of(context, flags);
        JobFromFlags.Prepared prepared = new JobFromFlags(context, flags).prepare();
        if (flags.flag(JobOption.DRY_RUN)) {
            return new DryRun(context, console).run(prepared);
        }
        BatchJob job = prepared.job();
        Path outputDir = prepared.outputDir();
        JobSpend spend = new JobSpend(job.budget(), Host.CLI);
        RepositoryProcessor processor;
        try {
            processor = context.components().processor(prepared.settings(), job, spend);
        } catch (Exception e) {
            throw new UsageException(e.getMessage());
        }
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new UsageException("cannot write to " + outputDir + " (" + e.getMessage() + "); choose another "
                    + JobOption.OUTPUT.flag());
        }
        Path workRoot = Files.createTempDirectory("cody-batch-work-");
        BatchRunner runner = new BatchRunner(new LocalWorker(processor, outputDir, workRoot),
                new LocalResultsStore(outputDir),
                new BatchRunner.Options(prepared.timeout(), Duration.ofSeconds(30), Duration.ofMillis(500), Host.CLI),
                new ConsoleProgress(console, outputDir, spend, context.clock()),
                // owner/name is checked before anything is fetched; a path or URL once its name is known
                spec -> ResultFiles.isOwnerName(spec) ? Allowlist.of(job.allowedRepositories()).refusal(spec).orElse(null)
                        : null, context.clock(), spend);
        CancelSignals signals = context.shutdownHook() ? CancelSignals.install(runner::cancel) : CancelSignals.NONE;
        BatchSummary summary;
        try {
            summary = prepared.previous() != null ? runner.retry(prepared.previous(), job) : runner.run(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            summary = ResultFiles.readSummary(outputDir);
        } finally {
            signals.uninstall();
            ResultFiles.deleteRecursively(workRoot);
        }
        int code = finish(summary, outputDir, console);
        ClassArchive.batchRanToItsEnd();
        return runner.isCancelled() ? signals.exitCode() : code;
    }

    /** The table, why it stopped, the totals (failures first), where the results are; the JSON for --json. */
    private int finish(BatchSummary summary, Path outputDir, Console console) throws IOException {
        if (summary.error() != null) {
            context.err().println("cody-batch: " + summary.error());
            context.err().flush();
            return CodyBatchCli.USAGE;
        }
        try {
            context.components().reportWriter().write(outputDir);
        } catch (IOException | RuntimeException e) {
            context.err().println("warning: report.html was not written (" + e.getMessage() + ")");
        }
        var out = console.human();
        if (!console.quiet()) {
            out.println();
            FinalTable.rows(summary).forEach(out::println);
        }
        if (summary.stopped() != null) {
            out.println("Stopped early: " + summary.stopped());
        }
        out.println(ConsoleProgress.totals(summary));
        out.println("Results: " + outputDir.resolve(ResultFiles.SUMMARY) + "  Report: "
                + outputDir.resolve("report.html"));
        if (summary.count(RepoStatus.FAILED) > 0) {
            out.println("Re-run the failed ones with: " + JobOption.RETRY_FAILED.flag() + " " + outputDir);
        }
        out.flush();
        if (console.json()) { // exactly summary.json, so a script reads one format
            console.data().println(Files.readString(outputDir.resolve(ResultFiles.SUMMARY), StandardCharsets.UTF_8)
                    .strip());
            console.data().flush();
        }
        context.err().flush();
        return summary.count(RepoStatus.FAILED) > 0 ? CodyBatchCli.FAILURES : CodyBatchCli.OK;
    }
}
