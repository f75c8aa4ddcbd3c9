package io.jenkins.plugins.codybatch.engine.repo;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/** Writes git's "GIT binary patch" hunks (zlib-deflated literal, base85 lines) as {@code git diff --binary} does. */
final class GitBinaryPatch {

    private static final char[] BASE85 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~".toCharArray();

    private GitBinaryPatch() {}

    /** The forward (old → new) and reverse literal hunks, each ending with an empty line. */
    static String of(byte[] oldContent, byte[] newContent) {
        return "GIT binary patch\n" + literal(newContent) + literal(oldContent);
    }

    private static String literal(byte[] content) {
        byte[] deflated = deflate(content);
        StringBuilder out = new StringBuilder("literal ").append(content.length).append('\n');
        for (int start = 0; start < deflated.length; start += 52) {
            int length = Math.min(52, deflated.length - start);
            out.append(length <= 26 ? (char) ('A' + length - 1) : (char) ('a' + length - 27));
            encode85(deflated, start, length, out);
            out.append('\n');
        }
        return out.append('\n').toString();
    }

    private static void encode85(byte[] data, int start, int length, StringBuilder out) {
        for (int i = 0; i < length; i += 4) {
            long acc = 0;
            for (int j = 0; j < 4; j++) {
                int index = start + i + j;
                acc = (acc << 8) | (i + j < length ? data[index] & 0xff : 0);
            }
            char[] group = new char[5];
            for (int k = 4; k >= 0; k--) {
                group[k] = BASE85[(int) (acc % 85)];
                acc /= 85;
            }
            out.append(group);
        }
    }

    private static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
