package jenkins.model.queue;

import jenkins.model.FullyNamedModelObject;

public interface ITask extends FullyNamedModelObject {
    default boolean hasAbortPermission() {
        return true;
    }

    default boolean hasReadPermission() {
        return true;
    }

    @Override
    default String getFullDisplayName() {
        return getDisplayName();
    }

    String getUrl();
}
