package io.switchboard.model;

/**
 * One of the other people on an interaction ({@code data.participants}): the event as seen from that person (its
 * {@code person} is the participant) and whom matching found.
 *
 * @param number the participant's place in {@code data.participants}, from 1 (the primary person is 0)
 */
public record Participant(int number, InteractionEvent event, Match match) {

    public Participant withMatch(Match value) {
        return new Participant(number, event, value);
    }

    /** How notes and outcomes name this person: "participant 2 (host)". */
    public String label() {
        return "participant " + number + event.text("person.role").map(r -> " (" + r + ")").orElse("");
    }
}
