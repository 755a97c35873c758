package io.switchboard.model;

/**
 * The one way a stage says that something failed on an event: a defect of Switchboard (an unexpected exception),
 * or a look-up Salesforce refused for what the event held. Each names its step and says what to do.
 */
public final class Failures {

    /** The code of every defect: an exception Switchboard did not expect, not bad data and not an outage. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private static final int MAX_DETAIL = 500;

    private Failures() {
    }

    /** A defect met on one event (or its batch) in a step. */
    public static Failure defect(String step, Throwable defect) {
        String what = defect.getClass().getSimpleName() + (defect.getMessage() == null ? "" : ": " + defect.getMessage());
        return new Failure(INTERNAL_ERROR, "Switchboard failed on this event in " + step + " (" + Texts.cut(what, MAX_DETAIL) + "). This "
                + "is a defect, not bad data: report it with this event, then replay the event from the dead-letter "
                + "topic.", step);
    }

    /** A rule that fails on one event (a condition, a template): the integration engineer's to check. */
    public static Failure ruleDefect(String type, Throwable defect) {
        String what = defect.getClass().getSimpleName() + (defect.getMessage() == null ? "" : ": " + defect.getMessage());
        return new Failure(INTERNAL_ERROR, "Applying the rule for '" + type + "' failed (" + Texts.cut(what, MAX_DETAIL) + "). Check the "
                + "rule's conditions and templates, then replay the event.", "rules");
    }

    /** A look-up Salesforce refused for what this event put in it. */
    public static Failure rejectedLookup(String step, String code, String message) {
        return new Failure(code, "Salesforce rejected the look-up for this event: " + Texts.cut(message, MAX_DETAIL)
                + ". Fix the event, then replay it from the dead-letter topic.", step);
    }
}
