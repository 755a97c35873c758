package io.switchboard.delivery;

import io.switchboard.salesforce.QueryText;
import io.switchboard.salesforce.SalesforceGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The Salesforce User behind an agent's email, for the activity's owner. Looked up once per batch for all its
 * agents and cached (misses too), since users change rarely and every look-up is an API request.
 */
@Component
class Owners {

    private final SalesforceGateway salesforce;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    Owners(SalesforceGateway salesforce, DeliveryProperties properties) {
        this.salesforce = salesforce;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** User ids by (lower-case) email for those of {@code emails} that are active users. */
    Map<String, String> resolve(Collection<String> emails) {
        Instant now = clock.instant();
        List<String> missing = emails.stream().map(e -> e.toLowerCase(Locale.ROOT)).distinct()
                .filter(e -> !cache.containsKey(e) || cache.get(e).expires().isBefore(now)).toList();
        if (!missing.isEmpty()) {
            Map<String, String> found = new HashMap<>();
            salesforce.query("SELECT Id, Email FROM User WHERE Email IN " + QueryText.soqlList(missing)
                    + " AND IsActive = true").forEach(u -> found.put(u.path("Email").asText().toLowerCase(Locale.ROOT),
                    u.path("Id").asText()));
            Instant expires = now.plus(properties.ownerCacheTtl());
            missing.forEach(e -> cache.put(e, new Cached(Optional.ofNullable(found.get(e)), expires)));
        }
        Map<String, String> out = new HashMap<>();
        emails.forEach(e -> cache.get(e.toLowerCase(Locale.ROOT)).userId().ifPresent(id -> out.put(e.toLowerCase(Locale.ROOT), id)));
        return out;
    }

    private record Cached(Optional<String> userId, Instant expires) {
    }
}
