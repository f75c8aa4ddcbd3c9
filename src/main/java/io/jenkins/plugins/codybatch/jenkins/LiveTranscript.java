package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The transcript of a repository still running on the step's node, for the build page to follow: whole lines only
 * (the last may be half written), each masked again with the batch's secrets, so a key the engine missed still does
 * not reach the page.
 */
final class LiveTranscript {

    private LiveTranscript() {}

    static void serve(FilePath root, Redactor mask, String directory, String fileName, StaplerResponse2 rsp)
            throws IOException {
        FilePath file = root == null || !fileName.equals(ResultFiles.TRANSCRIPT) ? null
                : root.child(directory).child(fileName);
        try {
            if (file == null || !file.exists() || file.isDirectory()) {
                rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            setFileHeaders(fileName, rsp);
            rsp.setHeader("Cache-Control", "no-cache");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(file.read(), StandardCharsets.UTF_8));
                    OutputStream out = rsp.getOutputStream()) {
                StringBuilder line = new StringBuilder();
                for (int c = in.read(); c != -1; c = in.read()) {
                    if (c == '\n') {
                        out.write((mask.redact(line.toString()) + "\n").getBytes(StandardCharsets.UTF_8));
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading the transcript", e);
        }
    }

    /** Results are data, never a page: no sniffing, no scripts even if opened directly. */
    static void setFileHeaders(String fileName, StaplerResponse2 rsp) {
        rsp.setContentType(fileName.endsWith(".json") ? "application/json;charset=UTF-8" : "text/plain;charset=UTF-8");
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
    }
}
