package hudson.model.queue;

import hudson.model.Queue;

/** Stub: the factories and accessors behave as documented, so tests can hand results to the plugin. */
public abstract class ScheduleResult {
    public ScheduleResult() {}

    public boolean isCreated() {
        return false;
    }

    public boolean isRefused() {
        return false;
    }

    public Queue.Item getItem() {
        return null;
    }

    public Queue.WaitingItem getCreateItem() {
        return null;
    }

    public final boolean isAccepted() {
        return !isRefused();
    }

    public static Created created(Queue.WaitingItem i) {
        return new Created(i);
    }

    public static Existing existing(Queue.Item i) {
        return new Existing(i);
    }

    public static Refused refused() {
        return new Refused();
    }

    public static final class Created extends ScheduleResult {
        private final Queue.WaitingItem item;

        private Created(Queue.WaitingItem item) {
            this.item = item;
        }

        @Override
        public boolean isCreated() {
            return true;
        }

        @Override
        public Queue.WaitingItem getCreateItem() {
            return item;
        }

        @Override
        public Queue.Item getItem() {
            return item;
        }
    }

    public static final class Existing extends ScheduleResult {
        private final Queue.Item item;

        private Existing(Queue.Item item) {
            this.item = item;
        }

        @Override
        public Queue.Item getItem() {
            return item;
        }
    }

    public static final class Refused extends ScheduleResult {
        public Refused() {}

        @Override
        public boolean isRefused() {
            return true;
        }
    }
}
