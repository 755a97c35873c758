package io.switchboard.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.Interaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The pipeline's step into the review queue, before the batch's offsets are committed: each held interaction's
 * state is written to the queue topic; an interaction that was in the queue and ended another way now (delivered
 * as a person decided, skipped, dead-lettered, or simply delivered when the producer sent it again) leaves it,
 * with a tombstone. Written by the pipeline alone, in the order of each person's partition, so a hold and its
 * removal can never overtake each other. Should Kafka not take them, the step fails and consuming pauses, as for
 * the outcomes.
 */
@Component("heldInteractions")
public class HeldInteractions {

    private final ReviewKafka kafka;
    private final ReviewQueue queue;
    private final ReviewProperties properties;
    private final ObjectMapper json;

    HeldInteractions(ReviewKafka kafka, ReviewQueue queue, ReviewProperties properties, ObjectMapper json) {
        this.kafka = kafka;
        this.queue = queue;
        this.properties = properties;
        this.json = json;
    }

    public void record(List<Interaction> batch) throws JsonProcessingException {
        List<ReviewKafka.Out> out = new ArrayList<>();
        List<Runnable> view = new ArrayList<>();
        Instant now = Instant.now();
        for (Interaction i : batch) {
            if (i.event() == null) {
                continue;
            }
            String eventId = i.event().id();
            if (i.held()) {
                ReviewItem item = ReviewItem.held(i, now);
                out.add(new ReviewKafka.Out(properties.topic(), eventId, json.writeValueAsBytes(item)));
                view.add(() -> queue.apply(eventId, item));
            } else if (i.resolution() != null || queue.contains(eventId)) {
                out.add(new ReviewKafka.Out(properties.topic(), eventId, null));
                view.add(() -> queue.apply(eventId, null));
            }
        }
        kafka.sendAll(out);
        view.forEach(Runnable::run);
    }
}
