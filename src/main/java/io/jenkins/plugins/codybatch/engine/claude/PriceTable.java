package io.jenkins.plugins.codybatch.engine.claude;

import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * US dollars per million tokens by model. A dated id ({@code claude-sonnet-4-5-20250929}) uses the entry of its
 * longest matching prefix. Cache writes cost 1.25x input, cache reads 0.1x input (5-minute cache). Requests answered
 * through the Message Batches API cost half of all that.
 */
public final class PriceTable {

    /** Input and output price in $ per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) implements java.io.Serializable {}

    /** A cost and, when the model had no price, a note saying so. */
    public record Cost(double dollars, String note) {}

    static final double CACHE_WRITE_FACTOR = 1.25;
    static final double CACHE_READ_FACTOR = 0.1;
    static final double BATCH_FACTOR = 0.5;

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** List prices of the Claude API as of 2026-11 (docs/tool-loop.md); override when they change. */
    public static PriceTable defaults() {
        Map<String, Price> p = new LinkedHashMap<>();
        p.put("claude-opus-4-8", new Price(5, 25));
        p.put("claude-opus-4-7", new Price(5, 25));
        p.put("claude-opus-4-6", new Price(5, 25));
        p.put("claude-opus-4-5", new Price(5, 25));
        p.put("claude-opus-4-1", new Price(15, 75));
        p.put("claude-opus-4-0", new Price(15, 75));
        p.put("claude-opus-4-2", new Price(15, 75));
        p.put("claude-sonnet-4-6", new Price(3, 15));
        p.put("claude-sonnet-4-5", new Price(3, 15));
        p.put("claude-sonnet-4-0", new Price(3, 15));
        p.put("claude-sonnet-4-2", new Price(3, 15));
        p.put("claude-haiku-4-5", new Price(1, 5));
        return new PriceTable(p);
    }

    /** This table with entries replaced or added. */
    public PriceTable with(Map<String, Price> overrides) {
        Map<String, Price> merged = new LinkedHashMap<>(prices);
        merged.putAll(overrides);
        return new PriceTable(merged);
    }

    /**
     * Parses {@code model=input/output,...} (dollars per million tokens), e.g.
     * {@code claude-sonnet-4-6=3/15,my-proxy-model=1.5/7}.
     */
    public static Map<String, Price> parse(String spec) {
        Map<String, Price> result = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return result;
        }
        for (String entry : spec.split(",")) {
            String item = entry.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            int slash = item.indexOf('/', Math.max(eq, 0));
            if (eq <= 0 || slash < 0) {
                throw new IllegalArgumentException("Price entry '" + item
                        + "' is not model=input/output (dollars per million tokens), e.g. claude-sonnet-4-6=3/15");
            }
            try {
                double in = Double.parseDouble(item.substring(eq + 1, slash).trim());
                double out = Double.parseDouble(item.substring(slash + 1).trim());
                if (in < 0 || out < 0) {
                    throw new NumberFormatException("negative");
                }
                result.put(item.substring(0, eq).trim(), new Price(in, out));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Price entry '" + item
                        + "' needs two non-negative numbers, e.g. claude-sonnet-4-6=3/15");
            }
        }
        return result;
    }

    public Optional<Price> priceOf(String model) {
        if (model == null) {
            return Optional.empty();
        }
        Price exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prices.entrySet().stream()
                .filter(e -> model.startsWith(e.getKey() + "-") || model.startsWith(e.getKey() + "@"))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
    }

    public Cost cost(String model, Usage usage) {
        return cost(model, usage, false);
    }

    /** @param batched answered through the Message Batches API, at half the price */
    public Cost cost(String model, Usage usage, boolean batched) {
        Optional<Price> price = priceOf(model);
        if (price.isEmpty()) {
            return new Cost(0, "No price known for model '" + model
                    + "'; cost shown as 0. Add it to the price table (model=input/output in $ per million tokens).");
        }
        Price p = price.get();
        double dollars = (usage.inputTokens() * p.inputPerMillion()
                        + usage.cacheCreationInputTokens() * p.inputPerMillion() * CACHE_WRITE_FACTOR
                        + usage.cacheReadInputTokens() * p.inputPerMillion() * CACHE_READ_FACTOR
                        + usage.outputTokens() * p.outputPerMillion())
                / 1_000_000.0 * (batched ? BATCH_FACTOR : 1);
        return new Cost(dollars, null);
    }
}
