package io.jenkins.plugins.codybatch.jenkins;

import java.io.Serializable;

/** One repository of a batch: the spec as the user wrote it and its output folder name. */
public record RepoTask(String spec, String dir) implements Serializable {}
