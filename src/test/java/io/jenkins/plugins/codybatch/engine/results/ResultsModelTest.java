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
    void jobTypeReadsItsIdAndExplainsUnknownOnes() {
        assertThat(JobType.fromId("analysis")).isEqualTo(JobType.ANALYSIS);
        assertThat(JobType.fromId("code-pattern-update")).isEqualTo(JobType.CODE_PATTERN_UPDATE);
        assertThatThrownBy(() -> JobType.fromId("refactor")).hasMessageContaining("code-pattern-update, analysis");
    }
}
