package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.Engine;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import java.util.List;

/** The engine's set-up checks (Anthropic key and model, GitHub credentials), behind the Test connection button. */
public interface ConnectionCheck {

    List<Engine.Check> check(EngineSettings settings) throws InterruptedException;
}
