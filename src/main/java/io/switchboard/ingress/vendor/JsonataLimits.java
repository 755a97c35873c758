package io.switchboard.ingress.vendor;

/**
 * How far one evaluation of a mapping's JSONata expression may go on one payload: a payload crafted to make an
 * expression loop or recurse (a huge count driving a range, a deep recursion) ends in a refusal, not a held
 * thread or a StackOverflowError. The dashjoin library's own runtime bounds ({@code Frame.setRuntimeBounds}): time
 * and depth are checked at each step of the evaluation. A single built-in call (one {@code $replace} with a regular
 * expression) is one step: its regular expression must be safe by itself (docs/security-producers.md).
 *
 * @param timeoutMs how long one expression may evaluate
 * @param maxDepth  how deep the evaluation may nest, function calls included
 */
public record JsonataLimits(long timeoutMs, int maxDepth) {

    /** The settings' defaults (switchboard.ingress.jsonata-timeout-ms, .jsonata-max-depth). */
    public static final JsonataLimits DEFAULT = new JsonataLimits(1000, 200);

    public JsonataLimits {
        if (timeoutMs <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("switchboard.ingress.jsonata-timeout-ms and .jsonata-max-depth must be "
                    + "positive, not " + timeoutMs + " and " + maxDepth);
        }
    }
}
