package io.switchboard.ingress;

import io.switchboard.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

/**
 * Writes a request's events to its producer's input topic through the {@code ingress-publish} route
 * ({@code routes/ingress.yaml}: acks=all, bounded waits) and returns only once the broker has stored every one of
 * them, or throws.
 */
@Component
public class IngressPublisher {

    static final String ENDPOINT = "direct:ingress-publish";
    static final String TOPIC = "switchboardIngressTopic";
    static final String BROKERS = "switchboardIngressBrokers";
    private static final String CONTENT_TYPE = "content-type";
    private static final String STRUCTURED = "application/cloudevents+json; charset=UTF-8";

    private final ProducerTemplate template;
    private final CamelContext camel;
    private final String serviceBrokers;

    public IngressPublisher(ProducerTemplate template, CamelContext camel, KafkaClients clients) {
        this.template = template;
        this.camel = camel;
        this.serviceBrokers = clients.bootstrapServers();
    }

    /** One record per event, keyed as given, to the topic on {@code brokers} (blank: the service's cluster). */
    void publish(String topic, String brokers, List<Record> records) throws Exception {
        Exchange exchange = template.send(ENDPOINT, e -> {
            List<Message> messages = new ArrayList<>(records.size());
            for (Record record : records) {
                Message m = new DefaultMessage(camel);
                m.setHeader(KafkaConstants.KEY, record.key());
                m.setBody(record.value());
                messages.add(m);
            }
            e.setProperty(TOPIC, topic);
            e.setProperty(BROKERS, brokers == null || brokers.isBlank() ? serviceBrokers : brokers);
            e.getMessage().setBody(messages);
            // every record in structured mode, as the CloudEvents Kafka binding marks it (a batch's records take the
            // exchange's headers)
            e.getMessage().setHeader(CONTENT_TYPE, STRUCTURED);
        });
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
    }

    record Record(String key, byte[] value) {
    }
}
