package io.jenkins.plugins.codybatch.jenkins;

import java.io.Serializable;

/**
 * Repositories chosen by attributes instead of by name. Blank parts do not restrict.
 *
 * @param owner    GitHub user or organisation whose repositories are candidates
 * @param topic    GitHub topic the repository must carry
 * @param nameGlob glob on owner/name, e.g. {@code acme/service-*}
 * @param fileGlob glob of a file the repository must contain, e.g. {@code **}{@code /pom.xml}
 */
public record RepositorySelection(String owner, String topic, String nameGlob, String fileGlob) implements Serializable {

    public boolean isEmpty() {
        return blank(owner) && blank(topic) && blank(nameGlob) && blank(fileGlob);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
