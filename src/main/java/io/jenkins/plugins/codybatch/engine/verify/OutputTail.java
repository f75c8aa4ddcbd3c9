package io.jenkins.plugins.codybatch.engine.verify;

import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The end of a command's output, bounded whatever the command prints: the last {@link #KEEP_BYTES} bytes are
 * kept while it runs; {@link #text} masks them and cuts them to the last {@link #MAX_LINES} lines and
 * {@link #MAX_CHARS} characters. Thread-safe: the reader thread writes while the runner may read.
 */
final class OutputTail {

    static final int MAX_LINES = 200;
    static final int MAX_CHARS = 16 * 1024;
    /** Larger than what is shown, so a secret is masked whole before the cut. */
    static final int KEEP_BYTES = 64 * 1024;

    /**
     * Well-known credential shapes, masked even when they are not the job's own secrets (a build may print one it
     * found in the repository or on the machine): Anthropic keys, GitHub tokens, AWS access key ids, Slack tokens
     * and PEM private keys.
     */
    private static final List<Pattern> SECRET_SHAPES = List.of(
            Pattern.compile("sk-ant-[A-Za-z0-9_-]{10,}"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
            Pattern.compile("(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|\\z)"));

    private final byte[] ring = new byte[KEEP_BYTES];
    private long total;

    synchronized void write(byte[] bytes, int offset, int length) {
        if (length > KEEP_BYTES) {
            total += length - KEEP_BYTES;
            offset += length - KEEP_BYTES;
            length = KEEP_BYTES;
        }
        int position = (int) (total % KEEP_BYTES);
        int first = Math.min(length, KEEP_BYTES - position);
        System.arraycopy(bytes, offset, ring, position, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        total += length;
    }

    /** The kept output, masked and cut; a first line says when earlier output was left out. */
    String text(Redactor redactor) {
        byte[] kept;
        long written;
        synchronized (this) {
            written = total;
            if (total <= KEEP_BYTES) {
                kept = Arrays.copyOf(ring, (int) total);
            } else {
                int start = (int) (total % KEEP_BYTES);
                kept = new byte[KEEP_BYTES];
                System.arraycopy(ring, start, kept, 0, KEEP_BYTES - start);
                System.arraycopy(ring, 0, kept, KEEP_BYTES - start, start);
            }
        }
        String text = mask(new String(kept, StandardCharsets.UTF_8), redactor);
        boolean cut = written > KEEP_BYTES;
        List<String> lines = text.lines().toList();
        if (cut && lines.size() > 1) {
            lines = lines.subList(1, lines.size()); // the first kept line is probably partial
        }
        if (lines.size() > MAX_LINES) {
            lines = lines.subList(lines.size() - MAX_LINES, lines.size());
            cut = true;
        }
        String tail = String.join("\n", lines);
        if (tail.length() > MAX_CHARS) {
            tail = tail.substring(tail.length() - MAX_CHARS);
            int newline = tail.indexOf('\n');
            tail = newline >= 0 && newline < tail.length() - 1 ? tail.substring(newline + 1) : tail;
            cut = true;
        }
        return cut ? "[earlier output left out; the last " + tail.lines().count() + " lines follow]\n" + tail : tail;
    }

    static String mask(String text, Redactor redactor) {
        String masked = redactor.redact(text);
        for (Pattern shape : SECRET_SHAPES) {
            masked = shape.matcher(masked).replaceAll(Redactor.MASK);
        }
        return masked;
    }
}
