package io.jenkins.plugins.codybatch.engine.repo.github;

import java.util.Objects;

/** A personal access token (classic or fine-grained). */
public final class TokenAuth implements GitHubAuth {

    private final String token;

    public TokenAuth(String token) {
        this.token = Objects.requireNonNull(token, "token").trim();
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String describe() {
        return "personal access token";
    }

    @Override
    public String toString() {
        return "TokenAuth[****]";
    }
}
