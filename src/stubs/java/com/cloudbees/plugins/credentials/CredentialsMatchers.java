package com.cloudbees.plugins.credentials;

public class CredentialsMatchers {
    private CredentialsMatchers() {}

    public static CredentialsMatcher instanceOf(Class clazz) {
        return item -> clazz.isInstance(item);
    }

    public static CredentialsMatcher withId(String id) {
        return item -> item instanceof com.cloudbees.plugins.credentials.common.IdCredentials c && id.equals(c.getId());
    }

    public static <C extends Credentials> C firstOrNull(Iterable<C> credentials, CredentialsMatcher matcher) {
        for (C c : credentials) {
            if (matcher.matches(c)) {
                return c;
            }
        }
        return null;
    }

    public static CredentialsMatcher anyOf(CredentialsMatcher... matchers) {
        return item -> java.util.Arrays.stream(matchers).anyMatch(m -> m.matches(item));
    }
}
