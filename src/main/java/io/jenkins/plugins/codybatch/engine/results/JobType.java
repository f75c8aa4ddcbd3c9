package io.jenkins.plugins.codybatch.engine.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a batch does to each repository. */
public enum JobType {
    /** The model edits files; the result is a patch and, where asked, a pull request. */
    CODE_PATTERN_UPDATE("code-pattern-update"),
    /** The model only reads; its final answer is the result (report.md). No patch, no pull request. */
    ANALYSIS("analysis");

    private final String id;

    JobType(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static JobType fromId(String id) {
        for (JobType type : values()) {
            if (type.id.equalsIgnoreCase(id) || type.name().equalsIgnoreCase(id)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown job type '" + id + "'; use one of "
                + Arrays.stream(values()).map(JobType::id).collect(Collectors.joining(", ")));
    }
}
