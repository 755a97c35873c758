package io.switchboard.matching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
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
public class MatchCache implements MatchMemory {

    /** Enough for every find of several minutes at full load; beyond it, the least recently used go first. */
    private static final int MAX_ENTRIES = 100_000;

    private final Duration ttl;
    private final Cache<Key, List<Candidate>> entries;

    @Autowired
    public MatchCache(MatchingProperties properties) {
        this(properties.cacheTtl(), Clock.systemUTC());
    }

    MatchCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.entries = CacheBuilder.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl)
                .ticker(new Ticker() {
                    @Override
                    public long read() {
                        Instant now = clock.instant();
                        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                    }
                }).build();
    }

    record Key(PersonObject object, LookupKind kind, String value) {
    }

    Optional<List<Candidate>> get(Key key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    void put(Key key, List<Candidate> hits) {
        if (ttl.isZero() || hits.isEmpty()) {
            return;
        }
        entries.put(key, List.copyOf(hits));
    }

    /** Drops every remembered find of this record (e.g. Salesforce said it was deleted or converted). */
    @Override
    public void forget(String recordId) {
        if (recordId != null) {
            entries.asMap().values().removeIf(hits -> hits.stream().anyMatch(c -> c.id().regionMatches(0, recordId, 0, 15)));
        }
    }

    /**
     * The change feed saw the record change, go or convert: what was found for it may no longer hold (an email
     * changed, a record deleted or merged away), so the next event looks it up afresh.
     */
    @org.springframework.context.event.EventListener
    public void onOrgRecordChanged(io.switchboard.model.OrgRecordChanged change) {
        forget(change.recordId());
    }

    /** Forgets everything (tests, and an operator who just fixed data in Salesforce). */
    public void clear() {
        entries.invalidateAll();
    }
}
