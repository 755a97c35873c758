package io.switchboard.ingress.vendor;

import com.dashjoin.jsonata.Jsonata;

/**
 * One compiled JSONata expression of a mapping file, with where it was written (for problems an engineer can find).
 * Evaluation is serialized: a compiled JSONata expression keeps evaluation state, and webhooks are few.
 */
public final class Expression {

    private final String text;
    private final String place;
    private final Jsonata compiled;
    private final JsonataLimits limits;

    Expression(String text, String place, Jsonata compiled, JsonataLimits limits) {
        this.text = text;
        this.place = place;
        this.compiled = compiled;
        this.limits = limits;
    }

    public String text() {
        return text;
    }

    /** e.g. {@code config/vendors/aircall.yaml events.0.type (line 31)}. */
    public String place() {
        return place;
    }

    /**
     * The value for this payload (maps, lists, texts, numbers, booleans); null for JSONata's undefined. An
     * evaluation past its {@link JsonataLimits} throws (a JSONata error, as for any expression failing on a payload).
     */
    public Object evaluate(Object payload) {
        synchronized (compiled) {
            // a frame of its own per evaluation: the library's time bound counts from the frame's creation
            Jsonata.Frame frame = compiled.createFrame();
            frame.setRuntimeBounds(limits.timeoutMs(), limits.maxDepth());
            Object value;
            try {
                value = compiled.evaluate(payload, frame);
            } catch (StackOverflowError e) {
                // deeper than this thread's stack before the depth bound: as refused as past the bound
                throw new IllegalStateException("the expression nests too deeply for this payload");
            }
            return value == Jsonata.NULL_VALUE ? null : value;
        }
    }
}
