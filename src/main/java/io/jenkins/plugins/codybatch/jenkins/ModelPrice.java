package io.jenkins.plugins.codybatch.jenkins;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A price override: US dollars per million input and output tokens of one model.
 * The global configuration keeps them as text, one {@code model = input, output} per line.
 */
public record ModelPrice(String model, double inputPerMillion, double outputPerMillion) implements Serializable {

    /**
     * Parses the price table text.
     *
     * @throws IllegalArgumentException naming the bad line and the expected form
     */
    public static Map<String, ModelPrice> parseTable(String text) {
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        if (text == null) {
            return prices;
        }
        int number = 0;
        for (String raw : text.split("\\R")) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String[] figures = eq < 0 ? new String[0] : line.substring(eq + 1).split(",");
            if (eq <= 0 || figures.length != 2) {
                throw new IllegalArgumentException("Price line " + number + " '" + line
                        + "' is not 'model = input, output' (US dollars per million tokens), e.g. claude-sonnet-4-5 = 3, 15");
            }
            String model = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            try {
                double input = Double.parseDouble(figures[0].strip());
                double output = Double.parseDouble(figures[1].strip());
                if (input < 0 || output < 0) {
                    throw new NumberFormatException("negative");
                }
                prices.put(model, new ModelPrice(model, input, output));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Price line " + number + " '" + line
                        + "' needs two non-negative numbers after '=', e.g. claude-sonnet-4-5 = 3, 15");
            }
        }
        return prices;
    }
}
