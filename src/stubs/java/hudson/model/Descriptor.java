package hudson.model;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {}

    protected Descriptor() {}

    public String getDisplayName() {
        return getClass().getSimpleName();
    }

    public synchronized void load() {}

    public synchronized void save() {}

    /** Stapler's form binding in Jenkins; the stub cannot bind, tests pass their own binder. */
    public T newInstance(org.kohsuke.stapler.StaplerRequest2 req, net.sf.json.JSONObject formData) throws FormException {
        throw new UnsupportedOperationException("stub: form binding needs Jenkins");
    }

    public static final class FormException extends Exception {
        public FormException(String message, String formField) {
            super(message);
        }
    }
}
