package io.switchboard.ingress.vendor;

import io.switchboard.ingress.auth.AuthScheme;
import java.util.List;
import java.util.Map;

/**
 * One vendor's webhooks as an integration engineer wrote them down ({@code config/vendors/<vendor>.yaml}): how the
 * body is encoded, how the vendor proves a request is its own, which of its events mean nothing for Salesforce,
 * and, for the others, JSONata expressions that build our event from the vendor's payload.
 *
 * @param ignore events answered 2xx and counted as ignored, each with the reason
 */
public record VendorMapping(String vendor, BodyFormat format, AuthScheme auth, Expression eventName,
                            Map<String, String> ignore, List<EventMapping> events) {

    public VendorMapping {
        ignore = Map.copyOf(ignore);
        events = List.copyOf(events);
    }

    /** The mapping for one of the vendor's event names, if any. */
    public java.util.Optional<EventMapping> mappingFor(String name) {
        return events.stream().filter(e -> e.on().contains(name)).findFirst();
    }

    /** How the vendor encodes its body. */
    public enum BodyFormat {
        /** One JSON object. */
        JSON,
        /** {@code application/x-www-form-urlencoded}: the payload is an object of the fields' texts. */
        FORM
    }

    /**
     * Our event from one kind of the vendor's payloads. {@code type} may give nothing (JSONata's undefined): the
     * payload is then ignored, with {@code ignoreReason}.
     */
    public record EventMapping(List<String> on, Expression id, Expression type, Expression time, Expression subject,
                               Expression data, String ignoreReason) {

        public EventMapping {
            on = List.copyOf(on);
        }
    }
}
