package hudson.util;

import hudson.model.Run;
import java.util.Iterator;

/** The real class is an AbstractList whose get/size are deprecated (they walk every build); the plugin iterates. */
public class RunList<R extends Run> implements Iterable<R> {
    private RunList() {}

    public RunList<R> limit(int n) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public Iterator<R> iterator() {
        throw new UnsupportedOperationException("stub");
    }
}
