package io.switchboard.model;

/** Why an event could not be delivered: a stable code, a message for the person who must act, and the step. */
public record Failure(String code, String message, String step) {
}
