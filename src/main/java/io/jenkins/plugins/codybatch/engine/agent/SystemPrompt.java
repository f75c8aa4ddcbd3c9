package io.jenkins.plugins.codybatch.engine.agent;

import io.jenkins.plugins.codybatch.engine.results.JobType;

/** The system prompt of a conversation: the rules of the workspace and what a good ending looks like. */
final class SystemPrompt {

    private SystemPrompt() {
    }

    static String of(AgentTask task) {
        boolean analysis = task.type() == JobType.ANALYSIS;
        return "You are working in the git repository " + task.repository() + ". Its checkout is the root of"
                + " your tools' file system.\n\nRules:\n"
                + "- Work only through the tools. Paths are relative to the repository root (src/Main.java;"
                + " \"/\" is the root). Nothing outside the repository can be read or changed, and .git is off"
                + " limits.\n"
                + (analysis
                        ? "- This is a read-only analysis: do not try to change files. Look at what you need with"
                                + " view, search and find_files, then answer the request.\n"
                        : "- Make the change the user asks for, in the repository's existing style. Change only what"
                                + " the task needs; do not commit, the change is collected from the working tree.\n")
                + "- Prefer search and find_files over viewing many files; view large files with view_range.\n"
                + "- When you are done, reply without a tool call: a short summary of "
                + (analysis ? "your findings (this is the result of the job)." : "what you changed and why.");
    }
}
