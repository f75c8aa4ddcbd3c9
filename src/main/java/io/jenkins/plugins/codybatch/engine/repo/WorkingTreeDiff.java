package io.jenkins.plugins.codybatch.engine.repo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.ContentSource;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.util.QuotedString;

/**
 * Computes the whole change of a working tree against a commit (new files too, .gitignore respected), and stages it
 * for a commit. Text files get a unified diff; binary files and text that is not valid
 * UTF-8 get a "GIT binary patch" so the diff stays valid UTF-8 text and {@code git apply} restores the bytes.
 */
final class WorkingTreeDiff {

    private WorkingTreeDiff() {}

    /**
     * Stages additions, modifications and deletions and returns the id of the resulting tree. Submodules are
     * never cloned, so their folders are empty or missing: their entries are kept as they were, or every change
     * would delete the repository's submodules.
     */
    static ObjectId stageAll(Git git) throws GitAPIException, IOException {
        Repository repository = git.getRepository();
        Map<String, ObjectId> submodules = new LinkedHashMap<>();
        DirCache before = repository.readDirCache();
        for (int i = 0; i < before.getEntryCount(); i++) {
            DirCacheEntry entry = before.getEntry(i);
            if (entry.getFileMode() == FileMode.GITLINK) {
                submodules.put(entry.getPathString(), entry.getObjectId());
            }
        }
        git.add().addFilepattern(".").setAll(true).call(); // deletions too, in the same walk
        if (!submodules.isEmpty()) {
            keepSubmodules(repository, submodules);
        }
        DirCache index = repository.readDirCache();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            return tree;
        }
    }

    private static void keepSubmodules(Repository repository, Map<String, ObjectId> submodules) throws IOException {
        DirCache index = repository.lockDirCache();
        try {
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, ObjectId> submodule : submodules.entrySet()) {
                String path = submodule.getKey();
                if (index.getEntry(path) == null && index.getEntriesWithin(path).length == 0) {
                    editor.add(new DirCacheEditor.PathEdit(path) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.GITLINK);
                            entry.setObjectId(submodule.getValue());
                        }
                    });
                }
            }
            editor.commit();
        } finally {
            index.unlock();
        }
    }

    /**
     * The change of the working tree against {@code baseCommit}, computed without writing anything: the index's file
     * stamps tell which paths changed (the rest is not read), and only those are diffed against the working tree.
     * Staging everything first wrote every changed file as a loose object and a new index, 7 % of the CPU of
     * a batch over small repositories (docs/performance.md, "Local overhead"). The files count as {@link #stageAll}
     * would stage them: new files unless ignored, deletions, and submodules (never cloned) left as they were.
     */
    static Patch diff(Repository repository, ObjectId baseCommit) throws IOException {
        ObjectId baseTree;
        try (RevWalk walk = new RevWalk(repository)) {
            baseTree = walk.parseCommit(baseCommit).getTree();
        }
        IndexDiff status = new IndexDiff(repository, baseTree, new FileTreeIterator(repository));
        status.setIgnoreSubmoduleMode(SubmoduleWalk.IgnoreSubmoduleMode.ALL);
        status.diff();
        Set<String> changed = new TreeSet<>();
        for (Set<String> paths : List.of(status.getAdded(), status.getChanged(), status.getRemoved(), status.getMissing(),
                status.getModified(), status.getUntracked())) {
            changed.addAll(paths);
        }
        if (changed.isEmpty()) {
            return new Patch("", List.of());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> files = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader();
                DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.setRepository(repository);
            formatter.setDetectRenames(false); // delete + add applies everywhere and keeps the diff simple
            formatter.setPathFilter(PathFilterGroup.createFromStrings(changed));
            FileTreeIterator work = new FileTreeIterator(repository);
            List<DiffEntry> entries = formatter.scan(new CanonicalTreeParser(null, reader, baseTree), work);
            // as the formatter does: the scanned iterator, reset, serves the working tree's side
            ContentSource.Pair contents = new ContentSource.Pair(ContentSource.create(reader), ContentSource.create(work));
            for (DiffEntry entry : entries) {
                files.add(entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath());
                byte[] oldBytes = content(contents, DiffEntry.Side.OLD, entry);
                byte[] newBytes = content(contents, DiffEntry.Side.NEW, entry);
                if (needsBinary(oldBytes) || needsBinary(newBytes)) {
                    formatter.flush();
                    out.writeBytes(binaryEntry(entry, oldBytes, newBytes).getBytes(StandardCharsets.UTF_8));
                } else {
                    formatter.format(entry);
                    formatter.flush();
                }
            }
        }
        files.sort(String::compareTo);
        return new Patch(out.toString(StandardCharsets.UTF_8), files);
    }

    private static byte[] content(ContentSource.Pair contents, DiffEntry.Side side, DiffEntry entry) throws IOException {
        AbbreviatedObjectId id = entry.getId(side);
        if (id == null || !id.isComplete() || id.toObjectId().equals(ObjectId.zeroId())
                || entry.getMode(side) == FileMode.GITLINK) {
            return new byte[0];
        }
        return contents.open(side, entry).getCachedBytes(Integer.MAX_VALUE);
    }

    private static boolean needsBinary(byte[] bytes) {
        return RawText.isBinary(bytes) || !isUtf8(bytes);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Header as {@code git diff --binary --full-index} writes it (git apply needs full ids for binary hunks). */
    private static String binaryEntry(DiffEntry entry, byte[] oldBytes, byte[] newBytes) {
        String oldPath = entry.getChangeType() == DiffEntry.ChangeType.ADD ? entry.getNewPath() : entry.getOldPath();
        String newPath = entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
        StringBuilder header = new StringBuilder("diff --git ")
                .append(QuotedString.GIT_PATH.quote("a/" + oldPath)).append(' ')
                .append(QuotedString.GIT_PATH.quote("b/" + newPath)).append('\n');
        String modeSuffix = "";
        switch (entry.getChangeType()) {
            case ADD -> header.append("new file mode ").append(entry.getNewMode()).append('\n');
            case DELETE -> header.append("deleted file mode ").append(entry.getOldMode()).append('\n');
            default -> {
                if (!entry.getOldMode().equals(entry.getNewMode())) {
                    header.append("old mode ").append(entry.getOldMode()).append('\n')
                            .append("new mode ").append(entry.getNewMode()).append('\n');
                } else {
                    modeSuffix = " " + entry.getNewMode();
                }
            }
        }
        header.append("index ").append(entry.getOldId().name()).append("..").append(entry.getNewId().name())
                .append(modeSuffix).append('\n');
        return header + GitBinaryPatch.of(oldBytes, newBytes);
    }
}
