package io.jenkins.plugins.codybatch.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a batch: the first one cancels the batch and lets the command finish normally
 * (what was spent recorded, summary.json and report.html written, the totals printed), then exit with 128 + the
 * signal's number, as shells expect; a second one ends the process at once.
 */
class CancelSignals {

    static final int INTERRUPTED = 130;
    static final int TERMINATED = 143;

    /** For a command run inside another program (tests): no handlers, the caller cancels. */
    static final CancelSignals NONE = new CancelSignals();

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile int exitCode = INTERRUPTED;
    private volatile boolean received;

    private CancelSignals() {}

    static CancelSignals install(Runnable cancel) {
        CancelSignals handlers = new CancelSignals();
        handlers.handle("INT", INTERRUPTED, cancel);
        handlers.handle("TERM", TERMINATED, cancel);
        return handlers;
    }

    private void handle(String name, int code, Runnable cancel) {
        Signal signal = new Signal(name);
        SignalHandler handler = sig -> {
            if (received) {
                Runtime.getRuntime().halt(code); // asked twice: the user does not want to wait
            }
            received = true;
            exitCode = code;
            System.err.println();
            System.err.println("cody-batch: " + (code == INTERRUPTED ? "interrupted" : "terminated")
                    + "; stopping the running repositories and recording what they spent (again to quit at once)");
            cancel.run();
        };
        previous.add(Signal.handle(signal, handler));
        signals.add(signal);
    }

    /** The exit code for a cancelled batch: the signal's, or 130 when cancelled otherwise. */
    int exitCode() {
        return exitCode;
    }

    void uninstall() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
