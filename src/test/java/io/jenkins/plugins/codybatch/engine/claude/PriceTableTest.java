package io.jenkins.plugins.codybatch.engine.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.codybatch.engine.results.Usage;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    @Test
    void costUsesInputOutputAndCacheFactors() {
        Usage usage = new Usage(1_000_000, 1_000_000, 1_000_000, 1_000_000);
        PriceTable.Cost cost = PriceTable.defaults().cost("claude-sonnet-4-6", usage);
        // 3 + 15 + 3*1.25 + 3*0.1
        assertThat(cost.dollars()).isCloseTo(22.05, within(1e-9));
        assertThat(cost.note()).isNull();
    }

    @Test
    void batchAnswersCostHalfOfEveryPart() {
        // 1M input at $3, 1M output at $15, 1M cache writes at $3.75, 1M cache reads at $0.30: $22.05 direct.
        Usage usage = new Usage(1_000_000, 1_000_000, 1_000_000, 1_000_000);
        assertThat(PriceTable.defaults().cost("claude-sonnet-4-6", usage, false).dollars()).isCloseTo(22.05, within(1e-9));
        assertThat(PriceTable.defaults().cost("claude-sonnet-4-6", usage, true).dollars()).isCloseTo(11.025, within(1e-9));
    }

    @Test
    void datedIdUsesItsFamily() {
        Usage usage = new Usage(1_000_000, 0, 0, 0);
        assertThat(PriceTable.defaults().cost("claude-sonnet-4-5-20250929", usage).dollars()).isCloseTo(3, within(1e-9));
        assertThat(PriceTable.defaults().cost("claude-haiku-4-5-20251001", usage).dollars()).isCloseTo(1, within(1e-9));
    }

    @Test
    void unknownModelCostsZeroWithANote() {
        PriceTable.Cost cost = PriceTable.defaults().cost("my-gateway-model", new Usage(10, 10, 0, 0));
        assertThat(cost.dollars()).isZero();
        assertThat(cost.note()).contains("No price known for model 'my-gateway-model'").contains("model=input/output");
    }

    @Test
    void overridesParseAndWin() {
        PriceTable table = PriceTable.defaults().with(PriceTable.parse(" claude-sonnet-4-6=2/10 , my-model=0.5/1.5"));
        assertThat(table.cost("claude-sonnet-4-6", new Usage(1_000_000, 0, 0, 0)).dollars()).isCloseTo(2, within(1e-9));
        assertThat(table.cost("my-model", new Usage(0, 2_000_000, 0, 0)).dollars()).isCloseTo(3, within(1e-9));
        assertThat(PriceTable.parse("")).isEmpty();
    }

    @Test
    void badOverridesSayTheFormat() {
        assertThatThrownBy(() -> PriceTable.parse("claude-sonnet-4-6:3:15"))
                .hasMessageContaining("is not model=input/output");
        assertThatThrownBy(() -> PriceTable.parse("claude-sonnet-4-6=three/15"))
                .hasMessageContaining("needs two non-negative numbers");
        assertThatThrownBy(() -> PriceTable.parse("m=-1/2")).hasMessageContaining("non-negative");
    }

    @Test
    void redactorMasksLongestSecretsAndIgnoresTinyOnes() {
        Redactor redactor = Redactor.of("abcdef123456", "abcdef123456789", "ab", null);
        assertThat(redactor.redact("key=abcdef123456789 other=abcdef123456 ab")).isEqualTo("key=**** other=**** ab");
    }
}
