package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.agent.Agent;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.AgentTask;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test agent: writes a transcript line, then does what the test's script says for the repository. */
public final class ScriptedAgent implements Agent {

    @FunctionalInterface
    public interface Script {
        AgentOutcome run(AgentTask task) throws Exception;
    }

    private final Script script;
    public final List<String> repositoriesRun = new CopyOnWriteArrayList<>();

    public ScriptedAgent(Script script) {
        this.script = script;
    }

    @Override
    public AgentOutcome run(AgentTask task) throws InterruptedException {
        repositoriesRun.add(task.repository());
        try {
            Files.writeString(task.transcript(), "{\"type\":\"start\",\"repository\":\"" + task.repository() + "\"}\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return script.run(task);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Edits README.md in the checkout and says it is done. */
    public static AgentOutcome editReadme(AgentTask task) throws Exception {
        Files.writeString(task.checkout().resolve("README.md"), "# changed by the model\n", StandardOpenOption.APPEND);
        return done("Updated the README.");
    }

    public static AgentOutcome done(String text) {
        return new AgentOutcome(AgentOutcome.Ending.DONE, text, 2, new Usage(1000, 200, 0, 300), 0.0125, null);
    }
}
