package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.repo.Checkout;
import io.jenkins.plugins.codybatch.engine.repo.Patch;
import io.jenkins.plugins.codybatch.engine.repo.PullRequestRequest;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryException;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryRef;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryService;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only RepositoryService over local git repositories, driving the real git command line. "Publishing" commits
 * the change and pushes it to a branch of the origin repository, so tests can see exactly what a pull request
 * would carry. Specs are local paths, or owner/name aliases registered with {@link #alias}.
 */
public class LocalGitRepositoryService implements RepositoryService {

    private final boolean canPush;
    private final Map<String, Path> aliases = new ConcurrentHashMap<>();
    public final AtomicInteger resolves = new AtomicInteger();
    public final AtomicInteger checkouts = new AtomicInteger();
    public final List<PullRequestRequest> published = new CopyOnWriteArrayList<>();
    /** The warning publish reports, as when GitHub refuses labels or reviewers; null for none. */
    public volatile String publishWarning;

    public LocalGitRepositoryService(boolean canPush) {
        this.canPush = canPush;
    }

    /** Lets an owner/name spec stand for a local repository (as if it were on GitHub). */
    public LocalGitRepositoryService alias(String ownerName, Path repository) {
        aliases.put(ownerName, repository);
        return this;
    }

    @Override
    public RepositoryRef resolve(String spec) throws RepositoryException {
        resolves.incrementAndGet();
        Path alias = aliases.get(spec);
        Path path = alias != null ? alias : Path.of(spec);
        if (!Files.isDirectory(path.resolve(".git"))) {
            throw new RepositoryException("No git repository at " + spec + "; check the path");
        }
        String name = alias != null ? spec : path.getFileName().toString();
        return new RepositoryRef(name, path.toAbsolutePath().toString(), "main", canPush, alias != null ? spec : null);
    }

    @Override
    public Checkout checkout(RepositoryRef repository, Path directory) throws RepositoryException {
        checkouts.incrementAndGet();
        git(directory.getParent(), "clone", "-q", repository.cloneUrl(), directory.toString());
        return new Checkout(repository, directory, git(directory, "rev-parse", "HEAD").trim());
    }

    @Override
    public Patch patch(Checkout checkout) throws RepositoryException {
        git(checkout.directory(), "add", "-A");
        String diff = git(checkout.directory(), "diff", "--cached", "--binary", checkout.baseCommit());
        String names = git(checkout.directory(), "diff", "--cached", "--name-only", checkout.baseCommit());
        List<String> files = new ArrayList<>(Arrays.stream(names.split("\n")).filter(s -> !s.isBlank()).toList());
        files.sort(null);
        return new Patch(diff, files);
    }

    @Override
    public PullRequestRef publish(Checkout checkout, Patch patch, PullRequestRequest request)
            throws RepositoryException {
        String branch = request.branch() != null ? request.branch() : "cody-batch/" + request.jobName();
        git(checkout.directory(), "-c", "user.name=Cody Batch", "-c", "user.email=cody@example.invalid",
                "commit", "-q", "-m", request.jobName());
        git(checkout.directory(), "push", "-q", "origin", "HEAD:refs/heads/" + branch);
        published.add(request);
        return new PullRequestRef(checkout.repository().cloneUrl() + "#" + branch, published.size(), "created",
                publishWarning);
    }

    /** Runs git; interruptible (the process is killed). */
    public static String git(Path directory, String... args) throws RepositoryException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = null;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            int exit = process.waitFor();
            String text = new String(output, StandardCharsets.UTF_8);
            if (exit != 0) {
                throw new RepositoryException("git " + args[0] + " failed (" + exit + "): " + text.trim());
            }
            return text;
        } catch (IOException e) {
            throw new RepositoryException("git " + args[0] + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("git " + args[0] + " was interrupted", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** A new repository with a README.md and a source file, one commit on main. */
    public static Path createRepository(Path parent, String name) throws Exception {
        Path repo = Files.createDirectories(parent.resolve(name));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README.md"), "# " + name + "\n");
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/App.java"), "class App { void oldApi() {} }\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "init");
        return repo;
    }
}
