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

    Expression(String text, String place, Jsonata compiled) {
        this.text = text;
        this.place = place;
        this.compiled = compiled;
    }

    public String text() {
        return text;
    }

    /** e.g. {@code config/vendors/aircall.yaml events.0.type (line 31)}. */
    public String place() {
        return place;
    }

    /** The value for this payload (maps, lists, texts, numbers, booleans); null for JSONata's undefined. */
    public Object evaluate(Object payload) {
        synchronized (compiled) {
            Object value = compiled.evaluate(payload);
            return value == Jsonata.NULL_VALUE ? null : value;
        }
    }
}
