package io.jenkins.plugins.codybatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What the benchmarks share: many repositories from one template, and their {@code name=value} arguments. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** {@code count} copies of the template repository beside it, copied file by file (much faster than git init). */
    static List<String> copies(Path template, int count) throws Exception {
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path target = template.resolveSibling(String.format(Locale.ROOT, "repo-%04d", i));
            try (Stream<Path> files = Files.walk(template)) {
                for (Path source : files.toList()) {
                    Files.copy(source, target.resolve(template.relativize(source).toString()));
                }
            }
            specs.add(target.toString());
        }
        return specs;
    }

    /** The value of {@code name=value} among the arguments, else the fallback. */
    static int arg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
