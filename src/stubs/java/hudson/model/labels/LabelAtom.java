package hudson.model.labels;

import hudson.model.Label;

public class LabelAtom extends Label {
    private final String name;

    public LabelAtom(String name) {
        super(name);
        this.name = name;
    }

    @Override
    public String getExpression() {
        return escape(name);
    }

    /** Stub: quotes names that are not plain words, as the label grammar expects. */
    public static String escape(String name) {
        return name.matches("[\\w.-]+") ? name
                : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
