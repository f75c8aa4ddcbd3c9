package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.AbortException;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the step reports when the batch throws: Pipeline prints the exception with its causes into the build log. */
class MaskedExceptionTest {

    private final Redactor mask = new Redactor(List.of(Fixtures.API_KEY, Fixtures.GITHUB_TOKEN));

    @Test
    void aSecretInTheMessageOrACauseIsMaskedAndTheStackTraceKept() {
        IOException original = new IOException("could not write the summary",
                new IllegalStateException("request to https://api.example.com failed with x-api-key " + Fixtures.API_KEY));

        IOException reported = MaskedException.of(original, mask);

        assertThat(reported).isNotSameAs(original).hasNoCause()
                .hasMessage("could not write the summary (caused by java.lang.IllegalStateException: request to"
                        + " https://api.example.com failed with x-api-key ****)");
        assertThat(reported.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(MaskedException.of(new IllegalArgumentException("token " + Fixtures.GITHUB_TOKEN), mask))
                .isInstanceOf(IllegalStateException.class).hasMessage("token ****");
        assertThat(MaskedException.of(new AbortException("key " + Fixtures.API_KEY), mask))
                .isInstanceOf(AbortException.class).hasMessage("key ****");
    }

    @Test
    void anExceptionWithoutSecretsIsReportedAsItIsWithItsCauses() {
        IOException original = new IOException("disk full", new IOException("No space left on device"));
        assertThat(MaskedException.of(original, mask)).isSameAs(original);
        RuntimeException bug = new NullPointerException();
        assertThat(MaskedException.of(bug, mask)).isSameAs(bug);
    }
}
