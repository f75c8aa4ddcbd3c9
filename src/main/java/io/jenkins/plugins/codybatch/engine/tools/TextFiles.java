package io.jenkins.plugins.codybatch.engine.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads files as text for the tools, refusing binary and oversized ones with a message the model understands. */
final class TextFiles {

    /** Larger files are refused: viewing or editing them whole would flood the conversation. */
    static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final int BINARY_SNIFF = 8000;

    /** @param validUtf8 false when undecodable bytes were replaced by U+FFFD (editing such a file is refused) */
    record Text(String content, boolean validUtf8) {}

    private TextFiles() {}

    static Text read(Path file, String displayPath) throws IOException, ToolException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new ToolException("Error: '" + displayPath + "' is " + size + " bytes, more than the " + MAX_BYTES
                    + " bytes the editor handles. Use the search tool to find the lines you need.");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (isBinary(bytes, bytes.length)) {
            throw new ToolException("Error: '" + displayPath + "' is a binary file (" + bytes.length
                    + " bytes); it cannot be shown or edited as text.");
        }
        return decode(bytes);
    }

    static boolean isBinary(byte[] bytes, int length) {
        int limit = Math.min(length, BINARY_SNIFF);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    static Text decode(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return new Text(text, true);
        } catch (CharacterCodingException e) {
            return new Text(new String(bytes, StandardCharsets.UTF_8), false);
        }
    }
}
