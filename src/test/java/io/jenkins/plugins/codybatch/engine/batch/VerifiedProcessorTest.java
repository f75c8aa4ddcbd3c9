package io.jenkins.plugins.codybatch.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.repo.PullRequestRequest;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.verify.CheckRunner;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor's decisions around the verify command, with real git repositories and real check processes. */
class VerifiedProcessorTest {

    @TempDir
    Path tmp;

    final LocalGitRepositoryService git = new LocalGitRepositoryService(true);

    RepoResult process(ScriptedAgent agent, JobType type, PullRequestOptions prs, VerifyOptions verify)
            throws Exception {
        Path origin = LocalGitRepositoryService.createRepository(tmp.resolve("origin"), "app");
        BatchJob job = new BatchJob("rename-api", type, "Rename oldApi", List.of(origin.toString()), null, 0,
                Limits.defaults(), 1, List.of(), prs, verify, null);
        DefaultRepositoryProcessor processor = new DefaultRepositoryProcessor(agent, git, AllowlistCheck.allowAll(),
                Clock.systemUTC(), new CheckRunner(Map.of(), new Redactor(List.of())));
        return processor.process(job, origin.toString(), tmp.resolve("work"), tmp.resolve("out"));
    }

    VerifyOptions verify(String command, boolean draftOnFailure) {
        return new VerifyOptions(command, 2, 30, draftOnFailure);
    }

    @Test
    void analysisJobsNeverRunTheCommand() throws Exception {
        Path marker = tmp.resolve("ran");
        ScriptedAgent agent = new ScriptedAgent(task -> {
            assertThat(task.check()).isNull();
            return ScriptedAgent.done("## Findings\n\nNothing to change.");
        });

        RepoResult result = process(agent, JobType.ANALYSIS, null, verify("touch '" + marker + "'", false));

        assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(result.verification()).isNull();
        assertThat(marker).doesNotExist();
    }

    @Test
    void aChangeTheAgentDidNotCheckIsCheckedOnceBeforeItCountsAndFailingItOpensNoPullRequest() throws Exception {
        ScriptedAgent agent = new ScriptedAgent(ScriptedAgent::editReadme); // never calls the task's check

        RepoResult result = process(agent, JobType.CODE_PATTERN_UPDATE, PullRequestOptions.defaults(),
                verify("grep -q oldApi README.md || { echo 'FAIL: README.md must mention oldApi'; exit 4; }", false));

        assertThat(result.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(result.error()).startsWith("Verification failed: `grep -q oldApi README.md").contains(
                "exited with code 4 (1 run). First failing lines: FAIL: README.md must mention oldApi",
                "no pull request was opened");
        assertThat(result.verification().attempts()).isEqualTo(1);
        assertThat(result.pullRequest()).isNull();
        assertThat(git.published).isEmpty();
        assertThat(tmp.resolve("out/patch.diff")).isRegularFile();
        assertThat(ResultFiles.readResult(tmp.resolve("out"))).isEqualTo(result);
    }

    @Test
    void aPassingCheckIsNamedInThePullRequestBody() throws Exception {
        RepoResult result = process(new ScriptedAgent(ScriptedAgent::editReadme), JobType.CODE_PATTERN_UPDATE,
                PullRequestOptions.defaults(), verify("grep -q 'changed by the model' README.md", false));

        assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(result.error()).isNull();
        assertThat(result.verification().passed()).isTrue();
        PullRequestRequest request = git.published.get(0);
        assertThat(request.draft()).isFalse();
        assertThat(request.labels()).doesNotContain(VerifyOptions.FAILED_LABEL);
        assertThat(request.body()).contains("Verification: `grep -q 'changed by the model' README.md` passed (exit"
                + " code 0) after 1 run");
    }

    @Test
    void draftOnFailureOpensTheFailingChangeAsALabelledDraftAndTheRepositoryStaysFailed() throws Exception {
        PullRequestOptions prs = new PullRequestOptions(null, null, false, List.of("codemod"), List.of(), List.of(),
                false, null);

        RepoResult result = process(new ScriptedAgent(ScriptedAgent::editReadme), JobType.CODE_PATTERN_UPDATE, prs,
                verify("echo 'ERROR: 1 test failed'; exit 1", true));

        assertThat(result.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(result.pullRequest()).isNotNull();
        assertThat(result.error()).contains("exited with code 1", "The change is in a draft pull request labelled '"
                + VerifyOptions.FAILED_LABEL + "': " + result.pullRequest().url());
        PullRequestRequest request = git.published.get(0);
        assertThat(request.draft()).isTrue();
        assertThat(request.labels()).containsExactly("codemod", VerifyOptions.FAILED_LABEL);
        assertThat(request.body()).contains("Verification: `echo 'ERROR: 1 test failed'; exit 1` FAILED (exit code 1)");
        assertThat(Files.readString(tmp.resolve("out/patch.diff"))).contains("changed by the model");
    }
}
