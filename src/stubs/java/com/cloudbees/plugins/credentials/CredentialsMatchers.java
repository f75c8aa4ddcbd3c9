package com.cloudbees.plugins.credentials;

public class CredentialsMatchers {
    private CredentialsMatchers() {}

    public static CredentialsMatcher instanceOf(Class clazz) {
        return item -> clazz.isInstance(item);
    }

    public static CredentialsMatcher anyOf(CredentialsMatcher... matchers) {
        return item -> java.util.Arrays.stream(matchers).anyMatch(m -> m.matches(item));
    }
}
