package io.switchboard.ingress;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The webhook ingress: who may post events over HTTP ({@code POST /ingress/{producer}}), how they prove it, and how
 * long a request may wait for Kafka.
 *
 * @param maxBodyBytes a larger body is refused (413) before it is read to its end, counted while it streams in
 * @param bodyTimeoutMs the time the whole body may take to arrive; a slower one is refused (408) at once
 * @param jsonataTimeoutMs how long one JSONata expression of a vendor mapping may evaluate on one payload
 * @param jsonataMaxDepth how deep one JSONata evaluation may nest (recursion included)
 * @param kafkaTimeoutMs how long a request waits for the input topic's acknowledgement before it is answered 503;
 *                     below the vendors' own timeouts (Aircall and Intercom wait 5 seconds)
 * @param retryAfterSeconds the Retry-After of a 503
 * @param vendors      the folder of vendor mapping files ({@code <vendor>.yaml})
 * @param producers    by the name in the path; none configured: the ingress answers 404 to everyone
 */
@ConfigurationProperties("switchboard.ingress")
public record IngressProperties(@DefaultValue("1048576") int maxBodyBytes,
                                @DefaultValue("10000") int bodyTimeoutMs,
                                @DefaultValue("1000") int jsonataTimeoutMs,
                                @DefaultValue("200") int jsonataMaxDepth,
                                @DefaultValue("4000") int kafkaTimeoutMs,
                                @DefaultValue("30") int retryAfterSeconds,
                                @DefaultValue("config/vendors") String vendors,
                                Map<String, Producer> producers) {

    public IngressProperties {
        producers = producers == null ? Map.of() : Map.copyOf(producers);
    }

    /**
     * One producer of events over HTTP.
     *
     * @param adapter   the vendor mapping that reads its webhooks ({@code config/vendors/<adapter>.yaml}); blank: the
     *                  producer posts CloudEvents (structured, batched or binary mode)
     * @param auth      for a CloudEvents producer: {@code token} (Authorization: Bearer) or {@code hmac-sha256}
     *                  (X-Switchboard-Signature: sha256=hex over the body); a vendor's scheme is in its mapping
     * @param secret    the token or signing key, from the environment only; blank: every request is refused
     * @param topic     the input topic its events are written to
     * @param publicUrl the URL the producer calls, as it calls it (scheme, host, path), for signatures over the URL
     *                  (Twilio); behind a proxy the service cannot see it
     * @param brokers   the Kafka cluster its topic is on, when not the service's own (an edge cluster mirrored into
     *                  it, say); blank: {@code switchboard.kafka.bootstrap-servers}
     */
    public record Producer(String adapter, @DefaultValue("token") String auth, String secret,
                           @DefaultValue("interactions.calls") String topic, String publicUrl, String brokers) {

        public boolean hasSecret() {
            return secret != null && !secret.isBlank();
        }

        public boolean cloudEvents() {
            return adapter == null || adapter.isBlank();
        }
    }
}
