package io.switchboard.matching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Recent finds, for a short time ({@code switchboard.matching.cache-ttl}): which records of an object answered an
 * email, number, domain or id. Only finds are kept, never misses, so a person created meanwhile (by us or anyone)
 * is always looked up again and found: the cache can spare a query, never cause a duplicate.
 * <p>
 * A remembered record may have changed meanwhile (a Lead converted, a Contact deleted or merged) for at most the
 * lifetime; the matcher always queries the objects ranked above a remembered one, so a Contact that a conversion
 * created wins over the remembered Lead, and {@link #forget(String)} drops a record that a write found gone.
 */
@Component
public class MatchCache {

    private static final int MAX_ENTRIES = 50_000;

    private final Duration ttl;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    @Autowired
    public MatchCache(MatchingProperties properties) {
        this(properties.cacheTtl(), Clock.systemUTC());
    }

    MatchCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    record Key(PersonObject object, LookupKind kind, String value) {
    }

    private record Entry(List<Candidate> hits, Instant expires) {
    }

    Optional<List<Candidate>> get(Key key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.hits());
    }

    void put(Key key, List<Candidate> hits) {
        if (ttl.isZero() || hits.isEmpty()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(List.copyOf(hits), clock.instant().plus(ttl)));
    }

    /** Drops every remembered find of this record (e.g. Salesforce said it was deleted or converted). */
    public void forget(String recordId) {
        if (recordId != null) {
            entries.values().removeIf(e -> e.hits().stream().anyMatch(c -> c.id().regionMatches(0, recordId, 0, 15)));
        }
    }

    /** Forgets everything (tests, and an operator who just fixed data in Salesforce). */
    public void clear() {
        entries.clear();
    }
}
