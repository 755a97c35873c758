package io.switchboard.changefeed;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The last state the feed published of each record (its fields, as {@link RecordShape} keeps them), so that an
 * update event, which carries only the changed fields, is applied without reading the record again. Bounded
 * ({@code switchboard.change-feed.state-memory}): a record not remembered (after a restart, or beyond the bound)
 * is read again by id when it changes. Also what the stream published while a snapshot of the same object runs,
 * so that the snapshot never overwrites a newer state with the older one it read.
 */
@Component
class FeedState {

    private final Cache<String, Map<String, Object>> records;
    /** Owners' emails by id: change events name an owner by id only. */
    private final Map<String, String> ownerEmails = new ConcurrentHashMap<>();
    private final Map<FeedObject, Set<String>> publishedDuringSnapshot = new ConcurrentHashMap<>();

    FeedState(ChangeFeedProperties properties) {
        this.records = CacheBuilder.newBuilder().maximumSize(Math.max(1, properties.stateMemory())).build();
    }

    Optional<Map<String, Object>> get(String id) {
        return Optional.ofNullable(records.getIfPresent(key(id)));
    }

    void remember(Map<String, Object> fields) {
        String id = RecordShape.text(fields, "Id");
        if (id == null) {
            return;
        }
        records.put(key(id), Map.copyOf(withoutNulls(fields)));
        String owner = RecordShape.text(fields, "OwnerId");
        String email = RecordShape.text(fields, "Owner.Email");
        if (owner != null && email != null && ownerEmails.size() < 10_000) {
            ownerEmails.put(owner, email);
        }
    }

    void forget(String id) {
        records.invalidate(key(id));
    }

    /** Forgets everything: the feed starts again (on this instance, or after another ran it) from its topics. */
    void clear() {
        records.invalidateAll();
        ownerEmails.clear();
        publishedDuringSnapshot.clear();
    }

    /** How many records are remembered now (for the log). */
    long size() {
        return records.size();
    }

    Optional<String> ownerEmail(String ownerId) {
        return Optional.ofNullable(ownerEmails.get(ownerId));
    }

    void snapshotStarts(FeedObject object) {
        publishedDuringSnapshot.put(object, ConcurrentHashMap.newKeySet());
    }

    void snapshotEnds(FeedObject object) {
        publishedDuringSnapshot.remove(object);
    }

    /** The stream published this record: a snapshot running now must leave it as the stream left it. */
    void publishedByStream(FeedObject object, String id) {
        Set<String> ids = publishedDuringSnapshot.get(object);
        if (ids != null) {
            ids.add(key(id));
        }
    }

    boolean streamPublishedDuringSnapshot(FeedObject object, String id) {
        Set<String> ids = publishedDuringSnapshot.get(object);
        return ids != null && ids.contains(key(id));
    }

    /** Ids compared by their 15 case-sensitive characters: change events may give 18, queries give 18. */
    private static String key(String id) {
        return id.length() > 15 ? id.substring(0, 15) : id;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> fields) {
        Map<String, Object> out = new java.util.HashMap<>();
        fields.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
