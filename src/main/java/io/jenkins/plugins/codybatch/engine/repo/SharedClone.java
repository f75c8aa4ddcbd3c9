package io.jenkins.plugins.codybatch.engine.repo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * A checkout of a repository on this machine that borrows its objects, like {@code git clone --shared}: a new
 * repository whose {@code objects/info/alternates} names the source's object folder, its branch set to the source's
 * commit, and the work tree checked out. No pack is written or read over a transport, which made JGit's clone of a
 * local path most of the CPU of a batch over local repositories (docs/performance.md, "Local overhead").
 *
 * <p>New objects (a pull request's commit) go to the checkout's own object folder; the source is only read. The checkout
 * must not outlive a {@code git gc --prune} of the source that drops the borrowed commit, which a batch's checkout,
 * deleted when its repository is done, does not.
 */
final class SharedClone {

    private SharedClone() {}

    /**
     * @param source    the source repository's folder (a work tree or a bare repository)
     * @param branch    the branch to check out
     * @param directory the empty folder of the checkout
     * @param originUrl what {@code origin} points to in the checkout (where a push goes)
     * @return the checked-out commit, or null when the branch does not exist or has no commit
     */
    static ObjectId into(Path source, String branch, Path directory, String originUrl)
            throws IOException {
        File sourceGitDir = RepositoryCache.FileKey.resolve(source.toFile(), FS.DETECTED);
        if (sourceGitDir == null) {
            throw new IOException(source + " is not a git repository");
        }
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            return null; // never a path outside refs/heads, in the source or in the checkout
        }
        ObjectId commit;
        try (Repository from = new FileRepositoryBuilder().setGitDir(sourceGitDir).setMustExist(true).build()) {
            Ref ref = from.exactRef(Constants.R_HEADS + branch);
            if (ref == null || ref.getObjectId() == null) {
                return null;
            }
            commit = ref.getObjectId();
        }
        Path gitDir = directory.resolve(Constants.DOT_GIT);
        writeRepository(gitDir, sourceGitDir.toPath().toRealPath(), branch, commit, originUrl);
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(directory.toFile())
                .setMustExist(true).build();
                RevWalk walk = new RevWalk(repo)) {
            DirCacheCheckout checkout = new DirCacheCheckout(repo, repo.lockDirCache(), walk.parseCommit(commit).getTree());
            checkout.setFailOnConflict(true);
            checkout.checkout();
            return commit;
        }
    }

    /**
     * Writes the repository's files as {@code git clone --shared} leaves them (HEAD on the branch, the branch and its
     * remote-tracking ref at the commit, origin configured), directly: JGit's init and ref updates, with their lock
     * files, reflogs and file-system probes, were a third of the CPU of checking out a small repository.
     */
    private static void writeRepository(Path gitDir, Path sourceGitDir, String branch, ObjectId commit, String originUrl)
            throws IOException {
        Files.createDirectories(gitDir.resolve("objects").resolve("info"));
        Files.createDirectories(gitDir.resolve("objects").resolve("pack"));
        Files.createDirectories(gitDir.resolve("refs").resolve("tags"));
        write(gitDir.resolve("objects").resolve("info").resolve("alternates"), sourceGitDir.resolve("objects") + "\n");
        Path shallow = sourceGitDir.resolve("shallow"); // a shallow source's cut-off commits
        if (Files.isRegularFile(shallow)) {
            Files.copy(shallow, gitDir.resolve("shallow"));
        }
        Config config = new Config();
        config.setInt(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_REPO_FORMAT_VERSION, 0);
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_FILEMODE,
                FS.DETECTED.supportsExecute());
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_BARE, false);
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, true);
        if (!FS.DETECTED.supportsSymlinks()) {
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_SYMLINKS, false);
        }
        config.setString("remote", "origin", "url", originUrl);
        config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
        config.setString("branch", branch, "remote", "origin");
        config.setString("branch", branch, "merge", Constants.R_HEADS + branch);
        write(gitDir.resolve(Constants.CONFIG), config.toText());
        write(gitDir.resolve(Constants.HEAD), "ref: " + Constants.R_HEADS + branch + "\n");
        write(gitDir.resolve(Constants.R_HEADS + branch), commit.name() + "\n");
        write(gitDir.resolve(Constants.R_REMOTES + "origin/" + branch), commit.name() + "\n");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
