package io.jenkins.plugins.codybatch.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * The credential drop-downs of the forms. Someone who may not configure the job (or Jenkins, on the
 * global page) sees only the current value, so the list cannot be used to enumerate credentials.
 */
final class CredentialsLists {

    private CredentialsLists() {}

    static ListBoxModel anthropic(Item context, String current) {
        return list(context, current, CredentialsMatchers.instanceOf(StringCredentials.class));
    }

    static ListBoxModel gitHub(Item context, String current) {
        return list(context, current, CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(StringCredentials.class),
                CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class)));
    }

    /**
     * Whom the job's builds run as (Authorize Project and the like may make that a user): the list shows what they may
     * use, no more. SYSTEM for items that are not tasks, as Jenkins itself does.
     */
    static Authentication authentication(Item context) {
        return context instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }

    private static ListBoxModel list(Item context, String current,
            com.cloudbees.plugins.credentials.CredentialsMatcher matcher) {
        StandardListBoxModel model = new StandardListBoxModel();
        boolean allowed = context == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : context.hasPermission(Item.EXTENDED_READ) || context.hasPermission(CredentialsProvider.USE_ITEM);
        if (!allowed) {
            model.includeCurrentValue(current);
            return model;
        }
        model.includeEmptyValue();
        if (context == null) {
            model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), matcher);
        } else {
            model.includeMatchingAs(authentication(context), context, StandardCredentials.class, List.of(), matcher);
        }
        model.includeCurrentValue(current);
        return model;
    }
}
