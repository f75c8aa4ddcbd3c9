package hudson.model;

public class CauseAction implements Action {
    public CauseAction(Cause c) {}

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Cause";
    }

    @Override
    public String getUrlName() {
        return "cause";
    }
}
