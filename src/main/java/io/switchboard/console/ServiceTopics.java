package io.switchboard.console;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The service's Kafka settings as the console needs them: which topics, which group (the connection: KafkaClients). */
@Component
public class ServiceTopics {

    private final String groupId;
    private final List<String> input;
    private final String outcomes;
    private final String deadLetter;

    public ServiceTopics(@Value("${switchboard.kafka.group-id}") String groupId,
                         @Value("${switchboard.topics.input}") String input,
                         @Value("${switchboard.topics.outcomes}") String outcomes,
                         @Value("${switchboard.topics.dead-letter}") String deadLetter) {
        this.groupId = groupId;
        this.input = Arrays.stream(input.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.outcomes = outcomes;
        this.deadLetter = deadLetter;
    }

    /** The consumer group of the service's consuming route. */
    public String groupId() {
        return groupId;
    }

    public List<String> input() {
        return input;
    }

    public String outcomes() {
        return outcomes;
    }

    public String deadLetter() {
        return deadLetter;
    }

    /** Every topic the store reads. */
    public List<String> all() {
        return java.util.stream.Stream.concat(input.stream(), java.util.stream.Stream.of(outcomes, deadLetter)).toList();
    }
}
