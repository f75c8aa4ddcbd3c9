package hudson.model;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {}

    protected Descriptor() {}

    public String getDisplayName() {
        return getClass().getSimpleName();
    }

    public synchronized void load() {}

    public synchronized void save() {}
}
