package io.jenkins.plugins.codybatch.engine.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalResolveTest {

    @TempDir Path temp;
    final GitRepositoryService service = new GitRepositoryService(null, Allowlist.allowAll(), RepositorySettings.defaults());

    @Test
    void localPathsAndUrlsAreNamedAfterTheirLastSegmentAndCannotPush() throws Exception {
        Path repo = GitCli.repoWith(temp.resolve("my-lib"), Map.of("a.txt", "a\n".getBytes(StandardCharsets.UTF_8)));
        Path bare = temp.resolve("tool.git");
        GitCli.git(temp, "clone", "-q", "--bare", repo.toString(), bare.toString());

        assertThat(service.resolve(repo + "/")).isEqualTo(new RepositoryRef("my-lib", repo.toString(), "main", false, null));
        RepositoryRef url = service.resolve(bare.toUri().toString());
        assertThat(url.name()).isEqualTo("tool");
        assertThat(url.baseBranch()).isEqualTo("main");
        assertThat(url.canPush()).isFalse();
    }

    @Test
    void aLocalRepositorysBaseBranchIsTheBranchItsHeadNames() throws Exception {
        Path repo = GitCli.repoWith(temp.resolve("lib"), Map.of("a.txt", "a\n".getBytes(StandardCharsets.UTF_8)));
        GitCli.git(repo, "checkout", "-q", "-b", "trunk");
        Path bare = temp.resolve("lib.git");
        GitCli.git(temp, "clone", "-q", "--bare", repo.toString(), bare.toString());
        Path empty = java.nio.file.Files.createDirectories(temp.resolve("empty"));
        GitCli.git(empty, "init", "-q");

        assertThat(service.resolve(repo.toString()).baseBranch()).isEqualTo("trunk");
        assertThat(service.resolve(bare.toString()).baseBranch()).isEqualTo("trunk");
        assertThat(service.resolve(empty.toString()).baseBranch()).isNull(); // nothing committed: no branch yet
        assertThatThrownBy(() -> service.resolve(java.nio.file.Files.createDirectories(temp.resolve("plain")).toString()))
                .hasMessageContaining("is a folder but not a git repository");
    }

    @Test
    void ownerNameWithoutGitHubCredentialsAndNonsenseSpecsFailClearly() {
        assertThatThrownBy(() -> service.resolve("acme/widgets"))
                .hasMessageContaining("acme/widgets needs GitHub access, but no GitHub credentials are configured");
        assertThatThrownBy(() -> service.resolve("no such thing"))
                .hasMessage("'no such thing' is neither owner/name, an existing local folder nor a git URL. Fix the repository entry.");
    }

    @Test
    void publishingALocalRepositoryIsRefused() throws Exception {
        Path repo = GitCli.repoWith(temp.resolve("lib"), Map.of("a.txt", "a\n".getBytes(StandardCharsets.UTF_8)));
        Checkout checkout = service.checkout(service.resolve(repo.toString()), temp.resolve("work"));

        assertThatThrownBy(() -> service.publish(checkout, new Patch("", java.util.List.of("a.txt")),
                new PullRequestRequest("job", null, null, null, null, false, null, null, null, false, null)))
                .hasMessageContaining("lib is not a GitHub repository");
    }

    @Test
    void branchNamesAreDerivedFromTheJob() {
        assertThat(CampaignName.slug("Update JUnit 4 → 5 (phase #2)")).isEqualTo("update-junit-4-5-phase-2");
        assertThat(CampaignName.slug("!!!")).isEqualTo("job");
        assertThat(CampaignName.branch("cody-batch/", "team/Nightly JUnit", null)).isEqualTo("cody-batch/team-nightly-junit");
        assertThat(CampaignName.branch("cody-batch/", "x", " mine/branch ")).isEqualTo("mine/branch");
    }

    @Test
    void theDefaultNameOfAPromptStaysTheSameAcrossRunsAndChangesWithThePrompt() {
        String prompt = "Replace every use of the deprecated Foo.bar() with Foo.baz(); keep behaviour unchanged.";
        String name = CampaignName.fromPrompt(prompt);

        assertThat(name).matches("replace-every-use-of-the-deprecated-foo-[0-9a-f]{8}");
        assertThat(CampaignName.fromPrompt("  " + prompt.replace(" ", "\n  ") + "\n")).isEqualTo(name);
        assertThat(CampaignName.fromPrompt(prompt + " Also update the docs.")).isNotEqualTo(name);
        assertThat(CampaignName.branch("cody-batch/", name, null)).isEqualTo("cody-batch/" + name); // the hash survives
        assertThat(CampaignName.fromPrompt("Übersetze die Kommentare ins Englische"))
                .matches("bersetze-die-kommentare-ins-englische-[0-9a-f]{8}");
        assertThat(CampaignName.fromPrompt("日本語")).matches("job-[0-9a-f]{8}");
    }
}
