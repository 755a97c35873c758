package io.switchboard.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which write of its event's plan a field names ({@link PlannedWrite#refs()}): the write's role and whose it is,
 * 0 for the primary person, n for participant n (an interaction of several people creates, updates and logs for
 * each of them).
 */
public record WriteRef(WriteRole role, int party) {

    public static WriteRef of(WriteRole role) {
        return new WriteRef(role, 0);
    }

    /** As the dry run shows it: {@code person}, or {@code person#2} for participant 2's. */
    @JsonValue
    public String key() {
        return party == 0 ? role.key() : role.key() + "#" + party;
    }
}
