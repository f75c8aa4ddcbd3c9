package hudson.model;

public abstract class InvisibleAction implements Action {
    public InvisibleAction() {}

    @Override
    public final String getIconFileName() {
        return null;
    }

    @Override
    public final String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
