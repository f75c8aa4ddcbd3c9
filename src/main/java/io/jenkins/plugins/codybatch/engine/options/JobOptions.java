package io.jenkins.plugins.codybatch.engine.options;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Checks of a whole set of {@link JobOption} values, the same for the CLI and for Jenkins. */
public final class JobOptions {

    private JobOptions() {}

    /**
     * Every problem of the options a user gave, in the host's names: each value's own check, then an option set
     * without the one it needs, then the rules across options. Empty when the job can run.
     *
     * @param values normalized values (see {@link OptionCheck}); absent or null means not given
     */
    public static List<String> problems(Map<JobOption, Object> values, Host host) {
        List<String> problems = new ArrayList<>();
        for (JobOption option : JobOption.values()) {
            Object value = values.get(option);
            if (value != null) {
                add(problems, option.problem(value, host));
            }
        }
        for (JobOption option : JobOption.values()) {
            JobOption needed = option.requires();
            if (needed != null && isSet(option, values.get(option)) && !isSet(needed, values.get(needed))) {
                add(problems, option.requirementProblem(host));
            }
        }
        Object type = values.get(JobOption.TYPE);
        if (isSet(JobOption.VERIFY_COMMAND, values.get(JobOption.VERIFY_COMMAND)) && type instanceof String id
                && JobType.ANALYSIS.id().equalsIgnoreCase(id.strip())) {
            problems.add(JobOption.VERIFY_COMMAND.nameIn(host) + " checks changes, and analysis jobs make none; drop it,"
                    + " or use " + JobOption.TYPE.nameIn(host) + " " + JobType.CODE_PATTERN_UPDATE.id());
        }
        return problems;
    }

    /** Whether a value says something: not null, blank, false, 0, empty or the default. */
    public static boolean isSet(JobOption option, Object value) {
        if (value == null || Boolean.FALSE.equals(value) || value instanceof List<?> list && list.isEmpty()
                || value instanceof String text && text.isBlank()) {
            return false;
        }
        if (value instanceof Number number) {
            double n = number.doubleValue();
            return n != 0 && (option.defaultValue() == null || !option.defaultValue().equals(format(n)));
        }
        return !Objects.equals(option.defaultValue(), String.valueOf(value).strip());
    }

    /**
     * A value typed into a form field, normalized for {@link JobOption#problem}: a whole number, an amount, lines of
     * a list, a flag; null when blank.
     *
     * @throws IllegalArgumentException the problem, in the host's names, when the text is not of the option's kind
     */
    public static Object parse(JobOption option, String text, Host host) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return switch (option.kind()) {
                case WHOLE_NUMBER -> Long.parseLong(value);
                case AMOUNT -> Double.parseDouble(value);
                case FLAG -> Boolean.parseBoolean(value);
                case LIST -> Arrays.stream(value.split("[\\r\\n,]+")).map(String::strip).filter(s -> !s.isEmpty())
                        .toList();
                default -> value;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option.nameIn(host) + " must be " + (option.kind() == OptionKind.AMOUNT
                    ? "an amount in US dollars such as 2.50" : "a whole number") + ", was '" + text + "'");
        }
    }

    /** How a user runs the failed and unstarted repositories of a batch again. */
    public static String retryHint(Host host) {
        return host == Host.CLI ? "run again with " + JobOption.RETRY_FAILED.nameIn(host) + " to work on it"
                : "use \"Retry failed repositories\" on the build page (or " + JobOption.RETRY_FAILED_FROM.nameIn(host)
                        + ") to work on it";
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
