package io.jenkins.plugins.codybatch.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for secret values in everything a run produced: files (any bytes, read as Latin-1 so nothing is skipped)
 * and texts (captured output, request bodies, exception messages). Also looks for the secrets' distinctive middle
 * part, so a partly masked or re-encoded value is found too.
 */
public final class SecretScan {

    private final List<String> secrets;
    private final List<String> hits = new ArrayList<>();
    private int scanned;

    public SecretScan(String... secrets) {
        this.secrets = List.of(secrets);
    }

    public SecretScan files(Path... roots) {
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(this::file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    private void file(Path file) {
        try {
            text(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SecretScan texts(String where, Collection<String> texts) {
        int i = 0;
        for (String text : texts) {
            text(where + "[" + i++ + "]", text);
        }
        return this;
    }

    public SecretScan text(String where, String text) {
        scanned++;
        if (text == null) {
            return this;
        }
        for (String secret : secrets) {
            if (text.contains(secret) || text.contains(secret.substring(4, secret.length() - 4))) {
                hits.add(where + " holds " + secret.substring(0, 8) + "…");
            }
        }
        return this;
    }

    public int scanned() {
        return scanned;
    }

    public List<String> hits() {
        return List.copyOf(hits);
    }

    /** Fails with every place a secret was found; returns the number of texts and files scanned. */
    public int assertClean() {
        assertThat(hits).as("secrets found in outputs").isEmpty();
        assertThat(scanned).as("the scan looked at something").isPositive();
        return scanned;
    }
}
