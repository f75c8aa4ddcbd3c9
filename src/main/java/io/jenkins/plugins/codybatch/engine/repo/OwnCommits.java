package io.jenkins.plugins.codybatch.engine.repo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The commits Cody Batch makes, and how it recognises them on the next run: author and committer are the configured
 * identity and the message ends with the trailer {@code Cody-Batch-Job: <job name>}. A commit a person made, amended,
 * rebased or merged has another committer (or no trailer), so it never counts as ours and is never force-pushed over.
 */
final class OwnCommits {

    static final String TRAILER = "Cody-Batch-Job";

    private final String name;
    private final String email;
    private final boolean skipCi;
    private final Clock clock;

    OwnCommits(RepositorySettings settings, Clock clock) {
        this.name = settings.authorName();
        this.email = settings.authorEmail();
        this.skipCi = settings.skipCi();
        this.clock = clock;
    }

    /** The commit of the change: one commit on top of the base commit, by the configured identity. */
    CommitBuilder commit(ObjectId tree, ObjectId parent, PullRequestRequest request) {
        PersonIdent identity = new PersonIdent(name, email, clock.instant(), ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentId(parent);
        commit.setAuthor(identity);
        commit.setCommitter(identity);
        commit.setEncoding(StandardCharsets.UTF_8);
        commit.setMessage(message(request));
        return commit;
    }

    String message(PullRequestRequest request) {
        String job = oneLine(request.jobName());
        StringBuilder message = new StringBuilder(job.isEmpty() ? "Cody Batch change" : job);
        if (request.summary() != null && !request.summary().isBlank()) {
            message.append("\n\n").append(request.summary().strip());
        }
        if (skipCi) {
            message.append("\n\n[skip ci]");
        }
        // A trailer must be in the last paragraph, alone.
        return message.append("\n\n").append(TRAILER).append(": ").append(job.isEmpty() ? "-" : job).append('\n').toString();
    }

    /** Whether Cody Batch made this commit: our author and committer, and our trailer. */
    boolean isOwn(RevCommit commit) {
        return email != null && !email.isBlank() && email.equalsIgnoreCase(commit.getAuthorIdent().getEmailAddress())
                && email.equalsIgnoreCase(commit.getCommitterIdent().getEmailAddress())
                && !commit.getFooterLines(TRAILER).isEmpty();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").strip();
    }
}
