package io.switchboard.console.store;

/**
 * The console's store cannot be opened at start: one line saying what and which setting to change, shown by
 * {@link StoreFailureAnalyzer} instead of a stack trace (the cause stays attached for a debug log).
 */
public class StoreUnavailable extends RuntimeException {

    private final String action;

    public StoreUnavailable(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What the person starting the service does about it. */
    public String action() {
        return action;
    }
}
