package io.jenkins.plugins.codybatch.engine.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Fresh checkouts of a repository's base branch: a shallow JGit clone of a remote, through the mirror cache when one
 * is set, and a clone borrowing the objects of a repository on this machine (the cache included).
 */
final class Checkouts {

    private final Path mirrorCache;
    private final UnaryOperator<String> redact;

    /** @param mirrorCache null for no cache; @param redact masks the token in JGit's messages */
    Checkouts(Path mirrorCache, UnaryOperator<String> redact) {
        this.mirrorCache = mirrorCache;
        this.redact = redact;
    }

    /** A fresh checkout of the repository's base branch in the empty (or missing) {@code directory}. */
    Checkout checkout(RepositoryRef repository, Path directory, CredentialsProvider credentials)
            throws RepositoryException {
        requireEmpty(directory);
        String source = repository.cloneUrl();
        Path localSource = isUrl(source) ? null : Path.of(source);
        if (mirrorCache != null) {
            localSource = updateMirror(repository, credentials);
            source = localSource.toUri().toString();
        }
        if (localSource != null && repository.baseBranch() != null) {
            return sharedClone(repository, localSource, directory);
        }
        CloneCommand clone = Git.cloneRepository()
                .setURI(source)
                .setDirectory(directory.toFile())
                .setDepth(1)
                .setNoTags()
                .setCredentialsProvider(source.equals(repository.cloneUrl()) ? credentials : null);
        if (repository.baseBranch() != null) {
            clone.setBranch(repository.baseBranch()).setBranchesToClone(List.of(Constants.R_HEADS + repository.baseBranch()));
        }
        try (Git git = clone.call()) {
            Repository repo = git.getRepository();
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                throw new RepositoryException("Branch '" + repository.baseBranch() + "' does not exist in " + repository.name()
                        + " (or the repository is empty). Set an existing base branch.");
            }
            if (!source.equals(repository.cloneUrl())) {
                StoredConfig config = repo.getConfig(); // pushes go to the real remote, not the mirror
                config.setString("remote", "origin", "url", repository.cloneUrl());
                config.save();
            }
            String base = repository.baseBranch() != null ? repository.baseBranch() : repo.getBranch();
            RepositoryRef resolved = new RepositoryRef(repository.name(), repository.cloneUrl(), base,
                    repository.canPush(), repository.gitHubSlug());
            return new Checkout(resolved, directory, head.name());
        } catch (GitAPIException | IOException e) {
            throw new RepositoryException("Could not clone " + repository.name() + " (" + redact.apply(e.getMessage())
                    + "). Check that the repository and branch exist and the credentials can read it.");
        }
    }

    /** A checkout of a repository on this machine, borrowing its objects instead of copying them. */
    private static Checkout sharedClone(RepositoryRef repository, Path source, Path directory) throws RepositoryException {
        try {
            ObjectId head = SharedClone.into(source, repository.baseBranch(), directory, repository.cloneUrl());
            if (head == null) {
                throw new RepositoryException("Branch '" + repository.baseBranch() + "' does not exist in "
                        + repository.name() + " (or the repository is empty). Set an existing base branch.");
            }
            return new Checkout(repository, directory, head.name());
        } catch (IOException e) {
            throw new RepositoryException("Could not check out " + repository.name() + " (" + e.getMessage()
                    + "). Check that the repository is readable.");
        }
    }

    static boolean isUrl(String spec) {
        return spec.contains("://") || spec.startsWith("git@");
    }

    private static void requireEmpty(Path directory) throws RepositoryException {
        if (Files.exists(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new RepositoryException("The checkout folder " + directory + " is not empty.");
                }
            } catch (IOException e) {
                throw new RepositoryException("The checkout folder " + directory + " cannot be read: " + e.getMessage());
            }
        }
    }

    /** Fetches the base branch into a bare cache repository; clones are then made from it locally. */
    private Path updateMirror(RepositoryRef repository, CredentialsProvider credentials) throws RepositoryException {
        Path cache = mirrorCache.resolve(repository.outputDirName() + ".git");
        synchronized (cache.toAbsolutePath().toString().intern()) { // one writer per cache folder
            try {
                if (Files.isDirectory(cache)) {
                    try (Git git = Git.open(cache.toFile())) {
                        git.fetch().setRemote(repository.cloneUrl()).setCredentialsProvider(credentials)
                                .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).setRemoveDeletedRefs(true).call();
                    }
                } else {
                    Files.createDirectories(mirrorCache);
                    Git.cloneRepository().setURI(repository.cloneUrl()).setDirectory(cache.toFile()).setBare(true)
                            .setCredentialsProvider(credentials).setNoTags().call().close();
                }
                return cache;
            } catch (GitAPIException | IOException e) {
                throw new RepositoryException("Could not update the mirror cache of " + repository.name() + " in " + cache
                        + " (" + redact.apply(e.getMessage()) + "). Delete that folder to rebuild it, or check access.");
            }
        }
    }
}
