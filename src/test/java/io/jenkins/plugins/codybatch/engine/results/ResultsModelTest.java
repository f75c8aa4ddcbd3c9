package io.jenkins.plugins.codybatch.engine.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsModelTest {

    @Test
    void usageAddsUpAndCountsEveryBilledToken() {
        Usage sum = new Usage(10, 20, 30, 40).plus(new Usage(1, 2, 3, 4));
        assertThat(sum).isEqualTo(new Usage(11, 22, 33, 44));
        assertThat(sum.totalTokens()).isEqualTo(110);
    }

    @Test
    void resultJsonUsesTheDocumentedFieldNames() throws Exception {
        RepoResult result = new RepoResult("acme/app", RepoStatus.COMPLETED, null, 3, new Usage(1, 2, 3, 4), 0.25,
                List.of("README.md"), new PullRequestRef("https://github.com/acme/app/pull/7", 7, "created"),
                "Renamed the API.", 1200);
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(result));
        assertThat(json.get("repository").asText()).isEqualTo("acme/app");
        assertThat(json.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json.has("error")).isFalse();
        assertThat(json.get("usage").get("cache_read_input_tokens").asLong()).isEqualTo(4);
        assertThat(json.get("pull_request").get("action").asText()).isEqualTo("created");
        assertThat(json.get("files_changed").get(0).asText()).isEqualTo("README.md");
        assertThat(Json.MAPPER.treeToValue(json, RepoResult.class)).isEqualTo(result);
    }

    @Test
    void pullRequestStateIsSnakeCaseAndReadsBack() throws Exception {
        PullRequestRef pr = new PullRequestRef("https://github.com/acme/app/pull/7", 7, "kept", null,
                "kept: the branch has commits by others (...)", "open", true, "changes_requested", "failure", false);

        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(pr));

        assertThat(json.get("review_decision").asText()).isEqualTo("changes_requested");
        assertThat(json.get("checks").asText()).isEqualTo("failure");
        assertThat(json.get("mergeable").asBoolean()).isFalse();
        assertThat(json.get("draft").asBoolean()).isTrue();
        assertThat(json.has("warning")).isFalse();
        assertThat(json.has("blockers")).isFalse(); // derived, not stored
        assertThat(Json.MAPPER.treeToValue(json, PullRequestRef.class)).isEqualTo(pr);
        assertThat(pr.blockers()).containsExactly("failing checks", "changes requested", "conflicts");
    }

    @Test
    void pullRequestTotalsCountStatesAndNameTheStuckOnes() {
        List<RepoResult> results = List.of(
                withPr("acme/a", new PullRequestRef("u/1", 1, "created", null, null, "open", true, "none", "pending", null)),
                withPr("acme/b", new PullRequestRef("u/2", 2, "kept", null, "kept: ...", "open", false, "approved", "failure", false)),
                withPr("acme/c", new PullRequestRef("u/3", 3, "unchanged", null, null, "merged", false, null, null, null)),
                withPr("acme/d", new PullRequestRef("u/4", 4, "left-closed", null, "left closed: ...", "closed", false, null, null, null)),
                withPr("acme/e", new PullRequestRef("u/5", 5, "updated")), // state not read
                RepoResult.failed("acme/f", "boom"));

        PullRequestTotals totals = PullRequestTotals.of(results);

        assertThat(List.of(totals.open(), totals.draft(), totals.merged(), totals.closed(), totals.approved(),
                totals.changesRequested(), totals.failingChecks(), totals.conflicts(), totals.kept()))
                .containsExactly(2, 1, 1, 1, 1, 0, 1, 1, 1);
        assertThat(totals.stuck()).containsExactly(
                new PullRequestTotals.Stuck("acme/b", "u/2", 2, List.of("failing checks", "conflicts")));
    }

    static RepoResult withPr(String repository, PullRequestRef pr) {
        return new RepoResult(repository, RepoStatus.COMPLETED, null, 1, Usage.ZERO, 0, List.of("x"), pr, null, 1);
    }

    @Test
    void jobTypeReadsItsIdAndExplainsUnknownOnes() {
        assertThat(JobType.fromId("analysis")).isEqualTo(JobType.ANALYSIS);
        assertThat(JobType.fromId("code-pattern-update")).isEqualTo(JobType.CODE_PATTERN_UPDATE);
        assertThatThrownBy(() -> JobType.fromId("refactor")).hasMessageContaining("code-pattern-update, analysis");
    }
}
