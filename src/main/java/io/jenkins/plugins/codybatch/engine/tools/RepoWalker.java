package io.jenkins.plugins.codybatch.engine.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Visits the regular files of a checkout in parallel, honouring .gitignore files (JGit's rules) and
 * .git/info/exclude, never entering .git and never following symbolic links (they may point outside).
 */
final class RepoWalker {

    /** Called concurrently from several threads. */
    @FunctionalInterface
    interface FileVisitor {
        /** @param opener opens the file for reading without following links (valid during the call only) */
        void visit(Path file, String relativePath, long size, Opener opener);
    }

    /** Opens a visited file relative to its already open directory (openat), which skips a path lookup. */
    @FunctionalInterface
    interface Opener {
        SeekableByteChannel open() throws IOException;
    }

    /** One .gitignore and the directory (relative, "" for the root) it sits in. */
    private record Ignore(String dir, IgnoreNode node, Ignore parent) {}

    /** Reading many small files waits on system calls more than on the CPU, so use more threads than cores. */
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path root;

    RepoWalker(Path root) {
        this.root = root;
    }

    /** Walks {@code start} (a directory inside the root). */
    void walk(Path start, FileVisitor visitor) {
        Ignore rootIgnore = load(root.resolve(".git").resolve("info").resolve("exclude"), "", null);
        rootIgnore = loadIfPresent(root, "", rootIgnore);
        // .gitignore files of the directories between the root and the start apply too
        String startRel = relative(start);
        Ignore ignores = rootIgnore;
        if (!startRel.isEmpty()) {
            Path current = root;
            String currentRel = "";
            for (Path part : root.relativize(start)) {
                if (!currentRel.isEmpty()) {
                    ignores = loadIfPresent(current, currentRel, ignores);
                }
                String childRel = currentRel.isEmpty() ? part.toString() : currentRel + "/" + part;
                if (isIgnored(ignores, childRel, true)) {
                    return; // the start itself is ignored
                }
                current = current.resolve(part);
                currentRel = childRel;
            }
        }
        POOL.invoke(new DirTask(start, startRel, ignores, visitor));
    }

    private final class DirTask extends RecursiveAction {
        private final Path dir;
        private final String rel;
        private final Ignore inherited;
        private final FileVisitor visitor;

        DirTask(Path dir, String rel, Ignore inherited, FileVisitor visitor) {
            this.dir = dir;
            this.rel = rel;
            this.inherited = inherited;
            this.visitor = visitor;
        }

        @Override
        protected void compute() {
            Ignore ignores = rel.isEmpty() ? inherited : loadIfPresent(dir, rel, inherited);
            List<DirTask> subdirs = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                SecureDirectoryStream<Path> secure = entries instanceof SecureDirectoryStream<Path> s ? s : null;
                for (Path entry : entries) {
                    Path fileName = entry.getFileName();
                    String name = fileName.toString();
                    if (name.equals(".git")) {
                        continue;
                    }
                    BasicFileAttributes attrs;
                    try {
                        attrs = secure != null
                                ? secure.getFileAttributeView(fileName, BasicFileAttributeView.class,
                                        LinkOption.NOFOLLOW_LINKS).readAttributes()
                                : Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        continue; // vanished or unreadable: nothing to search
                    }
                    String entryRel = rel.isEmpty() ? name : rel + "/" + name;
                    if (attrs.isDirectory()) {
                        if (!isIgnored(ignores, entryRel, true)) {
                            subdirs.add(new DirTask(entry, entryRel, ignores, visitor));
                        }
                    } else if (attrs.isRegularFile() && !isIgnored(ignores, entryRel, false)) {
                        Opener opener = secure != null
                                ? () -> secure.newByteChannel(fileName, READ_NO_FOLLOW)
                                : () -> Files.newByteChannel(entry, READ_NO_FOLLOW);
                        visitor.visit(entry, entryRel, attrs.size(), opener);
                    }
                }
            } catch (IOException e) {
                return; // unreadable directory
            }
            invokeAll(subdirs);
        }
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static Ignore loadIfPresent(Path dir, String rel, Ignore parent) {
        return load(dir.resolve(".gitignore"), rel, parent);
    }

    private static Ignore load(Path file, String rel, Ignore parent) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return parent;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(in);
        } catch (IOException e) {
            return parent;
        }
        return node.getRules().isEmpty() ? parent : new Ignore(rel, node, parent);
    }

    /** The deepest .gitignore with an opinion decides, as in git. */
    private static boolean isIgnored(Ignore ignores, String relPath, boolean isDirectory) {
        for (Ignore ignore = ignores; ignore != null; ignore = ignore.parent()) {
            String local = ignore.dir().isEmpty() ? relPath : relPath.substring(ignore.dir().length() + 1);
            Boolean verdict = ignore.node().checkIgnored(local, isDirectory);
            if (verdict != null) {
                return verdict;
            }
        }
        return false;
    }
}
