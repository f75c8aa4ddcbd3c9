package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.ItemGroup;
import hudson.model.Run;
import org.springframework.security.core.Authentication;
import hudson.security.Permission;
import java.util.List;

public abstract class CredentialsProvider {
    public static final Permission USE_ITEM = Permission.fromId("com.cloudbees.plugins.credentials.CredentialsProvider.UseItem");

    public CredentialsProvider() {}

    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(Class<C> type, ItemGroup itemGroup,
            Authentication authentication, List domainRequirements) {
        throw new UnsupportedOperationException("stub");
    }

    public static <C extends Credentials> C track(Run build, C credentials) {
        throw new UnsupportedOperationException("stub");
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run, List domainRequirements) {
        throw new UnsupportedOperationException("stub");
    }
}
