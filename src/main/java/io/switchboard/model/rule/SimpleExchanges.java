package io.switchboard.model.rule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.InteractionEvent;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/** The exchange a rule's simple expression sees: body = the event's data as a map, headers = the envelope. */
final class SimpleExchanges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimpleExchanges() {
    }

    @SuppressWarnings("unchecked")
    static Exchange of(CamelContext camel, InteractionEvent event) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(JSON.convertValue(event.data(), Map.class));
        exchange.getMessage().setHeader("type", event.type());
        exchange.getMessage().setHeader("source", event.source());
        exchange.getMessage().setHeader("subject", event.subject());
        exchange.getMessage().setHeader("id", event.id());
        return exchange;
    }
}
