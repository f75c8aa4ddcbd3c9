package io.jenkins.plugins.codybatch.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Writes the HTML results viewer (outputDir/report.html) from summary.json and the repos/ folders. */
@FunctionalInterface
public interface ReportWriter {

    void write(Path outputDir) throws IOException;
}
