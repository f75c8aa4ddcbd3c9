package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.options.OptionKind;
import io.jenkins.plugins.codybatch.engine.options.Section;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The run command's flags, made from the {@link JobOption} registry (names, labels, help, defaults), one group per
 * {@link Section}. Parsed values land in a map, normalized as {@link JobOption#problem} takes them: whole numbers
 * as Long, amounts as Double, flags as Boolean, lists as List&lt;String&gt;, the rest as String. An option the user
 * did not give is absent from the map.
 */
final class CliOptions {

    private final Map<JobOption, Object> values = new EnumMap<>(JobOption.class);

    /** Adds every CLI option of the registry to {@code spec}. */
    void addTo(CommandSpec spec) {
        addTo(spec, EnumSet.allOf(JobOption.class));
    }

    /** Adds these options of the registry to {@code spec}, grouped by section. */
    void addTo(CommandSpec spec, Set<JobOption> only) {
        for (Section section : Section.values()) {
            ArgGroupSpec.Builder group = ArgGroupSpec.builder().heading("%n" + section.title() + "%n")
                    .exclusive(false).multiplicity("0..1").validate(false);
            boolean any = false;
            for (JobOption option : JobOption.values()) {
                if (option.inCli() && option.section() == section && only.contains(option)) {
                    group.addArg(spec(option));
                    any = true;
                }
            }
            if (any) {
                spec.addArgGroup(group.build());
            }
        }
    }

    Map<JobOption, Object> values() {
        return values;
    }

    Object get(JobOption option) {
        return values.get(option);
    }

    boolean given(JobOption option) {
        return values.containsKey(option);
    }

    boolean flag(JobOption option) {
        return Boolean.TRUE.equals(values.get(option));
    }

    String text(JobOption option) {
        return (String) values.get(option);
    }

    Long number(JobOption option) {
        return (Long) values.get(option);
    }

    Double amount(JobOption option) {
        return (Double) values.get(option);
    }

    @SuppressWarnings("unchecked")
    List<String> list(JobOption option) {
        Object value = values.get(option);
        return value == null ? List.of() : (List<String>) value;
    }

    private OptionSpec spec(JobOption option) {
        String[] names = option.shortFlag() == null ? new String[] {option.flag()}
                : new String[] {option.shortFlag(), option.flag()};
        OptionSpec.Builder builder = OptionSpec.builder(names).description(option.help(Host.CLI))
                .getter(new Binding(option)).setter(new Binding(option));
        switch (option.kind()) {
            case FLAG -> builder.type(boolean.class).arity("0");
            case WHOLE_NUMBER -> builder.type(Long.class);
            case AMOUNT -> builder.type(Double.class);
            case LIST -> {
                builder.type(List.class).auxiliaryTypes(String.class);
                if (option.splitsOnCommas()) {
                    builder.splitRegex(",");
                }
            }
            default -> builder.type(String.class);
        }
        if (option.paramLabel() != null) {
            builder.paramLabel(option.paramLabel());
        }
        return builder.build();
    }

    /** Where picocli reads and writes an option's value: the map, keyed by the option. */
    private final class Binding implements IGetter, ISetter {
        private final JobOption option;

        Binding(JobOption option) {
            this.option = option;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            Object value = values.get(option);
            return (T) (option.kind() == OptionKind.LIST && value != null ? new ArrayList<>((List<String>) value)
                    : option.kind() == OptionKind.FLAG && value == null ? Boolean.FALSE : value);
        }

        @Override
        public <T> T set(T value) {
            Object before = values.get(option);
            if (value == null || option.kind() == OptionKind.FLAG && Boolean.FALSE.equals(value)) {
                values.remove(option); // picocli sets the initial value before parsing; only what is given counts
            } else {
                values.put(option, value);
            }
            @SuppressWarnings("unchecked")
            T previous = (T) before;
            return previous;
        }
    }
}
