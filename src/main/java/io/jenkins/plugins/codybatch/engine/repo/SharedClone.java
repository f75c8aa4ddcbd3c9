package io.jenkins.plugins.codybatch.engine.repo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * A checkout of a repository on this machine that borrows its objects, like {@code git clone --shared}: a new
 * repository whose {@code objects/info/alternates} names the source's object folder, its branch set to the source's
 * commit, and the work tree checked out. No pack is written or read over a transport, which made JGit's clone of a
 * local path most of the CPU of a batch over local repositories (docs/performance.md, "Local overhead").
 *
 * <p>New objects (the staged change) go to the checkout's own object folder; the source is only read. The checkout
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
            throws IOException, GitAPIException {
        File sourceGitDir = RepositoryCache.FileKey.resolve(source.toFile(), FS.DETECTED);
        if (sourceGitDir == null) {
            throw new IOException(source + " is not a git repository");
        }
        ObjectId commit;
        try (Repository from = new FileRepositoryBuilder().setGitDir(sourceGitDir).setMustExist(true).build()) {
            Ref ref = from.exactRef(Constants.R_HEADS + branch);
            if (ref == null || ref.getObjectId() == null) {
                return null;
            }
            commit = ref.getObjectId();
        }
        String name = branch;
        try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch(name).call()) {
            Repository repo = git.getRepository();
            Path objects = repo.getDirectory().toPath().resolve("objects");
            Files.writeString(objects.resolve("info").resolve("alternates"),
                    sourceGitDir.toPath().toRealPath().resolve("objects") + "\n", StandardCharsets.UTF_8);
            Path shallow = sourceGitDir.toPath().resolve("shallow"); // a shallow source's cut-off commits
            if (Files.isRegularFile(shallow)) {
                Files.copy(shallow, repo.getDirectory().toPath().resolve("shallow"));
            }
            StoredConfig config = repo.getConfig();
            config.setString("remote", "origin", "url", originUrl);
            config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            config.setString("branch", name, "remote", "origin");
            config.setString("branch", name, "merge", Constants.R_HEADS + name);
            config.save();
            update(repo, Constants.R_REMOTES + "origin/" + name, commit);
            update(repo, Constants.R_HEADS + name, commit);
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
            return commit;
        }
    }

    private static void update(Repository repo, String ref, ObjectId commit) throws IOException {
        RefUpdate update = repo.updateRef(ref);
        update.setNewObjectId(commit);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED) {
            throw new IOException("could not set " + ref + " (" + result + ")");
        }
    }
}
