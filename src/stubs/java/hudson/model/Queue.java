package hudson.model;

import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.ScheduleResult;
import hudson.model.queue.SubTask;
import java.util.Calendar;
import java.util.List;
import jenkins.model.FullyNamedModelObject;

public class Queue {
    private Queue() {}

    public static Queue getInstance() {
        throw new UnsupportedOperationException("stub");
    }

    public ScheduleResult schedule2(Task p, int quietPeriod, List<Action> actions) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean cancel(Task p) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean cancel(Item item) {
        throw new UnsupportedOperationException("stub");
    }

    public Item getItem(Task t) {
        throw new UnsupportedOperationException("stub");
    }

    public interface Task extends FullyNamedModelObject, SubTask {
        default CauseOfBlockage getCauseOfBlockage() {
            return null;
        }

        String getName();

        default void checkAbortPermission() {}

        String getUrl();

        default boolean isConcurrentBuild() {
            return false;
        }

        default org.springframework.security.core.Authentication getDefaultAuthentication2() {
            return hudson.security.ACL.SYSTEM2;
        }
    }

    public interface TransientTask extends Task {}

    public interface QueueAction extends hudson.model.Action {
        boolean shouldSchedule(List<hudson.model.Action> actions);
    }

    public interface Executable extends Runnable {
        SubTask getParent();

        @Override
        void run();

        default long getEstimatedDuration() {
            return getParent().getEstimatedDuration();
        }
    }

    public abstract static class Item extends Actionable {
        private Item() {}

        public long getId() {
            throw new UnsupportedOperationException("stub");
        }

        public Task getTask() {
            throw new UnsupportedOperationException("stub");
        }

        public final String getWhy() {
            throw new UnsupportedOperationException("stub");
        }
    }

    public static final class WaitingItem extends Item {
        public WaitingItem(Calendar timestamp, Task project, List<Action> actions) {}
    }

    public static final class LeftItem extends Item {
        public LeftItem(Item cancelled) {}

        public boolean isCancelled() {
            throw new UnsupportedOperationException("stub");
        }
    }
}
