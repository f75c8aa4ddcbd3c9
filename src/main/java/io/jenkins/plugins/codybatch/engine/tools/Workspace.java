package io.jenkins.plugins.codybatch.engine.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The repository checkout the tools work in. Every path the model gives goes through {@link #resolve}, which
 * refuses anything outside the checkout (.., absolute paths, symlinks pointing out) and anything inside .git.
 */
public final class Workspace {

    private final Path root;

    public Workspace(Path checkout) throws IOException {
        this.root = checkout.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException("Checkout " + checkout + " is not a directory");
        }
    }

    public Path root() {
        return root;
    }

    /**
     * The real location of {@code path} (relative to the repository root; a leading "/" means the root).
     * The file need not exist; its deepest existing ancestor must really be inside the checkout.
     */
    public Path resolve(String path) throws ToolException {
        if (path == null || path.isBlank()) {
            throw new ToolException("Error: a path is required (relative to the repository root, e.g. src/Main.java)");
        }
        if (path.indexOf('\0') >= 0) {
            throw new ToolException("Error: the path contains a NUL character");
        }
        String relative = path.trim().replace('\\', '/');
        if (relative.startsWith(root.toString() + "/") || relative.equals(root.toString())) {
            relative = relative.substring(root.toString().length()); // the model quoted the checkout's absolute path
        }
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        Path candidate;
        try {
            candidate = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            throw new ToolException("Error: '" + path + "' is not a valid path");
        }
        if (!candidate.startsWith(root)) {
            throw outside(path);
        }
        refuseGitDir(path, root.relativize(candidate));
        Path existing = candidate;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            // a symlink whose target does not exist: writing through it would land who knows where
            throw new ToolException("Error: '" + path + "' is a broken symbolic link; it cannot be used");
        }
        if (!real.startsWith(root)) {
            throw outside(path);
        }
        refuseGitDir(path, root.relativize(real));
        return real.resolve(existing.relativize(candidate));
    }

    /** The path as the model should see it: relative to the root, with forward slashes; "." for the root. */
    public String display(Path path) {
        String rel = root.relativize(path).toString().replace('\\', '/');
        return rel.isEmpty() ? "." : rel;
    }

    private static void refuseGitDir(String path, Path relative) throws ToolException {
        for (Path part : relative) {
            if (part.toString().equals(".git")) {
                throw new ToolException("Error: '" + path + "' is inside .git; the repository's git data is off limits");
            }
        }
    }

    private static ToolException outside(String path) {
        return new ToolException("Error: '" + path + "' is outside the repository checkout. Use paths relative to"
                + " the repository root, e.g. src/Main.java");
    }
}
