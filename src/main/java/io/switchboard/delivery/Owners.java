package io.switchboard.delivery;

import io.switchboard.matching.EmailAddresses;
import io.switchboard.salesforce.QueryChunks;
import io.switchboard.salesforce.QueryText;
import io.switchboard.salesforce.Read;
import io.switchboard.salesforce.SalesforceGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The Salesforce User behind an agent's email, for the activity's owner. Looked up once per batch for all its
 * agents and cached (misses too), since users change rarely and every look-up is an API request. Only addresses a
 * User's Email field could hold are looked up (see {@link EmailAddresses}); the query travels like every other
 * read, in a composite request's body, split by length, so no number or length of agents can make it unsendable.
 */
@Component
class Owners {

    private static final String BEFORE = "SELECT Id, Email FROM User WHERE IsActive = true AND Email IN ";

    private final SalesforceGateway salesforce;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    Owners(SalesforceGateway salesforce, DeliveryProperties properties) {
        this.salesforce = salesforce;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** User ids by normalized email for those of {@code emails} that are active users. */
    Map<String, String> resolve(Collection<String> emails) {
        Instant now = clock.instant();
        List<String> valid = emails.stream().map(EmailAddresses::normalize).flatMap(Optional::stream).distinct().toList();
        List<String> missing = valid.stream()
                .filter(e -> !cache.containsKey(e) || cache.get(e).expires().isBefore(now)).toList();
        if (!missing.isEmpty()) {
            Map<String, String> found = new HashMap<>();
            int budget = QueryChunks.MAX_QUERY_URL - QueryChunks.urlLength(BEFORE);
            List<Read> reads = QueryChunks.of(missing, e -> QueryChunks.urlLength(QueryText.soqlLiteral(e) + ", "), budget,
                    DeliveryLookups.MAX_VALUES_PER_QUERY).stream().map(chunk -> Read.query(BEFORE + QueryText.soqlList(chunk))).toList();
            salesforce.readAll(reads).forEach(users -> users.forEach(u -> EmailAddresses.normalize(u.path("Email").asText())
                    .ifPresent(email -> found.put(email, u.path("Id").asText()))));
            Instant expires = now.plus(properties.ownerCacheTtl());
            missing.forEach(e -> cache.put(e, new Cached(Optional.ofNullable(found.get(e)), expires)));
        }
        Map<String, String> out = new HashMap<>();
        valid.forEach(e -> cache.get(e).userId().ifPresent(id -> out.put(e, id)));
        return out;
    }

    /** The owner for an agent's email as the event gives it, when it is a known user. */
    static Optional<String> of(Map<String, String> resolved, String agentEmail) {
        return EmailAddresses.normalize(agentEmail).map(resolved::get);
    }

    private record Cached(Optional<String> userId, Instant expires) {
    }
}
