package io.switchboard.delivery;

import io.switchboard.outcome.Failure;

/** A defect met while delivering one event, said so that the person who must act knows what to do. */
final class Defects {

    static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private Defects() {
    }

    static Failure failure(RuntimeException defect, String step) {
        return new Failure(INTERNAL_ERROR, "Switchboard failed on this event (" + defect.getClass().getSimpleName()
                + ": " + defect.getMessage() + "). This is a defect, not bad data: report it with this event, "
                + "then replay the event from the dead-letter topic.", step);
    }
}
