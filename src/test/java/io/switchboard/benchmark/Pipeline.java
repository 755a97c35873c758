package io.switchboard.benchmark;

/** The two pipelines compared. */
enum Pipeline {
    /** The service itself, whatever its batching is at the time of the run. */
    BATCHED("batched", "Switchboard (batched)"),
    /** The kamelet-style baseline of {@link PerEventPipeline}. */
    PER_EVENT("per-event", "per-event baseline");

    private final String argument;
    private final String label;

    Pipeline(String argument, String label) {
        this.argument = argument;
        this.label = label;
    }

    String argument() {
        return argument;
    }

    String label() {
        return label;
    }

    static Pipeline parse(String text) {
        for (Pipeline p : values()) {
            if (p.argument.equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pipeline '" + text + "' (batched or per-event)");
    }
}
