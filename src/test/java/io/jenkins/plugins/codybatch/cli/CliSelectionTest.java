package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Selection by --owner, --topic, --name-glob and --file-glob through the fake GitHub's listing endpoints (paged),
 * topics and trees, with archived repositories and forks left out as in the step.
 */
class CliSelectionTest extends CliTestBase {

    @BeforeEach
    void acme() throws Exception {
        Path seed = localRepo("svc-a");
        Path bare = tmp.resolve("svc-a.git");
        git(tmp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        String nowhere = tmp.resolve("never-cloned.git").toUri().toString();
        gitHub.ownerType("acme", "Organization");
        gitHub.addRepo("acme/svc-a", bare.toUri().toString(), true).putArray("topics").add("java");
        gitHub.files("acme/svc-a", "pom.xml", "src/main/java/App.java");
        gitHub.addRepo("acme/svc-no-pom", nowhere, true).putArray("topics").add("java");
        gitHub.files("acme/svc-no-pom", "build.gradle");
        gitHub.addRepo("acme/lib-c", nowhere, true).putArray("topics").add("java");
        gitHub.files("acme/lib-c", "pom.xml");
        gitHub.addRepo("acme/svc-no-topic", nowhere, true).putArray("topics").add("go");
        gitHub.files("acme/svc-no-topic", "pom.xml");
        gitHub.addRepo("acme/svc-archived", nowhere, true).put("archived", true).putArray("topics").add("java");
        gitHub.files("acme/svc-archived", "pom.xml");
        gitHub.addRepo("acme/svc-forked", nowhere, true).put("fork", true).putArray("topics").add("java");
        gitHub.files("acme/svc-forked", "pom.xml");
        env.put("GITHUB_TOKEN", TOKEN);
    }

    @Test
    void theSelectionIsWorkedAndRecordedAsTheJobsRepositories() throws Exception {
        Path output = tmp.resolve("out");

        int code = run("--owner", "acme", "--topic", "java", "--name-glob", "svc-*", "--file-glob", "pom.xml",
                "--prompt", "Greet Cody", "--output", output.toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK);
        JsonNode summary = json(output.resolve("summary.json"));
        assertThat(summary.path("job").path("repositories").toString()).isEqualTo("[\"acme/svc-a\"]");
        assertThat(summary.path("counts").path("COMPLETED").asInt()).isEqualTo(1);
        // six repositories, two to a page: the listing was followed to its last page
        assertThat(gitHub.calls("GET", "/orgs/acme/repos")).hasSize(3);
        assertThat(out.toString()).contains("COMPLETED  acme/svc-a  2 files");
    }

    @Test
    void listedAndSelectedRepositoriesAddUpAndTheOwnerAloneLeavesOutArchivedAndForks() throws Exception {
        Path local = localRepo("local-tool");

        int code = run("--repo", local.toString(), "--owner", "acme", "--prompt", "Greet Cody", "--dry-run");

        assertThat(code).as(out + "\n" + err).isEqualTo(CodyBatchCli.OK); // a dry run never reads the clone URLs
        assertThat(out.toString()).contains("Dry run of", "5 repositories")
                .contains("WORK       local-tool  patch").contains("WORK       acme/svc-a  patch")
                .contains("acme/lib-c").contains("acme/svc-no-pom").contains("acme/svc-no-topic")
                .doesNotContain("svc-archived").doesNotContain("svc-forked");
    }

    @Test
    void aSelectionMistakeIsAOneLineErrorNamingTheFlags() throws Exception {
        assertOneLineUsageError(run("--owner", "acme", "--topic", "rust", "--prompt", "x", "--output",
                tmp.resolve("out").toString()), err.toString(), "--owner acme --topic rust matched no repositories");
        assertOneLineUsageError(run("--topic", "java", "--repo", "acme/svc-a", "--prompt", "x"), err.toString(),
                "--topic narrows the repositories of an owner; add --owner");
        assertOneLineUsageError(run("--owner", "nobody", "--prompt", "x"), err.toString(),
                "could not select repositories with --owner nobody: ");
        env.remove("GITHUB_TOKEN");
        assertOneLineUsageError(run("--owner", "acme", "--prompt", "x"), err.toString(),
                "Selecting repositories by owner or topic needs GitHub credentials: set GITHUB_TOKEN");
        assertThat(anthropicServer.getRequestCount()).isZero();
        assertThat(tmp.resolve("out")).doesNotExist();
    }
}
