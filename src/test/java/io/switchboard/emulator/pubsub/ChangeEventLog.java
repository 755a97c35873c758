package io.switchboard.emulator.pubsub;

import io.switchboard.emulator.Faults;
import io.switchboard.emulator.Org;
import io.switchboard.emulator.RecordChange;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The org's event bus for change events: every committed transaction's changes of the entities selected for Change
 * Data Capture become Avro-encoded events with increasing replay ids, kept for the retention period (72 hours,
 * documented) and then dropped. One sequence of replay ids serves every channel, as on Salesforce's bus, where an
 * event has the same replay id on /data/ChangeEvents and on its entity's channel.
 *
 * <p>The time is the emulator's bus clock: the system clock plus an offset that tests move forward to age events
 * ({@link #advanceClock}).
 */
final class ChangeEventLog {

    static final Duration RETENTION = Duration.ofHours(72);

    /** One retained event. */
    record StoredEvent(long replayId, String entity, String schemaId, String eventId, byte[] payload,
                       Instant committedAt, GenericRecord record) {
    }

    /** What a subscriber gets: the matching events and how far the bus was read (past non-matching events). */
    record Batch(List<StoredEvent> events, long readTo) {
    }

    private final Org org;
    private final Faults faults;
    private final Clock clock;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final ConcurrentSkipListMap<Long, StoredEvent> events = new ConcurrentSkipListMap<>();
    private final AtomicLong lastReplayId = new AtomicLong();
    private final AtomicLong commitNumber = new AtomicLong(10_000_000_000L);
    private final Map<String, EntitySchema> schemas = new ConcurrentHashMap<>();
    private final Map<String, EntitySchema> schemasById = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Set<String> selected = Set.of("Account", "Contact", "Lead");

    ChangeEventLog(Org org, Faults faults, Clock clock) {
        this.org = org;
        this.faults = faults;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant().plus(offset.get());
    }

    void advanceClock(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the bus clock only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
        purge();
    }

    /** The entities whose changes are published (Setup > Change Data Capture); canonical names. */
    void select(Set<String> entities) {
        Set<String> names = new LinkedHashSet<>();
        for (String e : entities) {
            names.add(org.objectName(e).orElseThrow(() -> new IllegalArgumentException("no such object: " + e)));
        }
        selected = Set.copyOf(names);
    }

    Set<String> selected() {
        return selected;
    }

    /** The schema of a selected entity's change events. */
    EntitySchema schema(String entity) {
        EntitySchema schema = schemas.computeIfAbsent(entity, e -> EntitySchema.of(e, org.fieldShapes(e)));
        schemasById.putIfAbsent(schema.schemaId(), schema);
        return schema;
    }

    EntitySchema schemaById(String schemaId) {
        selected.forEach(this::schema);
        return schemasById.get(schemaId);
    }

    void onAppend(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    long lastReplayId() {
        return lastReplayId.get();
    }

    /** The oldest retained event's replay id, or -1 when none is retained. */
    long oldestRetained() {
        purge();
        Map.Entry<Long, StoredEvent> first = events.firstEntry();
        return first == null ? -1 : first.getKey();
    }

    /**
     * Events after {@code position} of one entity (null: all), at most {@code max}; readTo is the replay id up to
     * which the bus has been read for this subscriber (it moves past other entities' events).
     */
    Batch after(long position, String entity, int max) {
        purge();
        List<StoredEvent> out = new ArrayList<>();
        long readTo = position;
        for (StoredEvent e : events.tailMap(position, false).values()) {
            if (entity == null || entity.equals(e.entity())) {
                if (out.size() == max) {
                    break;
                }
                out.add(e);
            }
            readTo = e.replayId();
        }
        return new Batch(out, readTo);
    }

    List<StoredEvent> all() {
        purge();
        return List.copyOf(events.values());
    }

    private void purge() {
        Instant horizon = now().minus(RETENTION);
        events.values().removeIf(e -> e.committedAt().isBefore(horizon));
    }

    // ---------------------------------------------------------------- publishing

    /** A change event before it gets its place on the bus. */
    private record Draft(String entity, String changeType, List<String> recordIds, ChangeEventBody body,
                         String origin, String user) {
    }

    /** Called by the org with each committed transaction (write lock held): publishes its change events. */
    void committed(List<RecordChange> transaction) {
        List<Draft> drafts = new ArrayList<>();
        int overflowAfter = -1;
        int counted = 0;
        Map<String, Draft> overflow = new LinkedHashMap<>();
        boolean overflowChecked = false;
        for (RecordChange change : transaction) {
            if (!selected.contains(change.objectName())) {
                continue;
            }
            EntitySchema schema = schema(change.objectName());
            RecordChange.Kind kind = change.kind();
            ChangeEventBody body = switch (kind) {
                case CREATE, UNDELETE -> ChangeEventBody.full(schema, change.after());
                case UPDATE -> ChangeEventBody.update(schema, change.before(), change.after());
                case DELETE -> ChangeEventBody.empty(schema);
            };
            if (!overflowChecked) {
                overflowAfter = faults.takeChangeEventOverflow();
                overflowChecked = true;
            }
            counted += kind == RecordChange.Kind.UPDATE ? Math.max(1, changedCount(body)) : 1;
            if (overflowAfter >= 0 && counted > overflowAfter) {
                overflow.putIfAbsent(change.objectName(), new Draft(change.objectName(), "GAP_OVERFLOW",
                        List.of(ChangeEventHeaders.EMPTY_RECORD_ID), ChangeEventBody.empty(schema), change.origin(),
                        change.userId()));
                continue;
            }
            String changeType = kind.name();
            if (faults.takeChangeEventGap()) {
                changeType = "GAP_" + changeType;
                body = ChangeEventBody.empty(schema);
            }
            Draft last = drafts.isEmpty() ? null : drafts.get(drafts.size() - 1);
            if (last != null && last.entity().equals(change.objectName()) && last.changeType().equals(changeType)
                    && !changeType.equals("CREATE") && !changeType.startsWith("GAP_") && last.body().sameChange(body)) {
                // documented "Merged Change Events": the same change to several records of one object in one
                // transaction is one event listing all their ids
                List<String> ids = new ArrayList<>(last.recordIds());
                ids.add(change.recordId());
                drafts.set(drafts.size() - 1, new Draft(last.entity(), changeType, ids, last.body(), last.origin(),
                        last.user()));
            } else {
                drafts.add(new Draft(change.objectName(), changeType, List.of(change.recordId()), body,
                        change.origin(), change.userId()));
            }
        }
        drafts.addAll(overflow.values());
        if (drafts.isEmpty()) {
            return;
        }
        String transactionKey = UUID.randomUUID().toString();
        long commit = commitNumber.incrementAndGet();
        Instant committedAt = now().truncatedTo(ChronoUnit.SECONDS);
        int sequence = 0;
        for (Draft d : drafts) {
            EntitySchema schema = schema(d.entity());
            GenericRecord header = new GenericData.Record(ChangeEventHeaders.SCHEMA);
            header.put("entityName", d.entity());
            header.put("recordIds", d.recordIds());
            header.put("changeType", new GenericData.EnumSymbol(ChangeEventHeaders.CHANGE_TYPE, d.changeType()));
            header.put("changeOrigin", d.origin());
            header.put("transactionKey", transactionKey);
            header.put("sequenceNumber", ++sequence);
            header.put("commitTimestamp", committedAt.toEpochMilli());
            header.put("commitNumber", commit);
            header.put("commitUser", d.user());
            header.put("nulledFields", d.body().nulledFields());
            header.put("diffFields", List.of());
            header.put("changedFields", d.body().changedFields());
            GenericRecord event = d.body().record(schema, header);
            long replayId = lastReplayId.incrementAndGet();
            events.put(replayId, new StoredEvent(replayId, d.entity(), schema.schemaId(), UUID.randomUUID().toString(),
                    encode(event), committedAt, event));
        }
        listeners.forEach(Runnable::run);
    }

    private static int changedCount(ChangeEventBody body) {
        int n = 0;
        for (Object v : body.values()) {
            n += v == null ? 0 : 1;
        }
        return n + body.nulledFields().size();
    }

    private static byte[] encode(GenericRecord event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(event.getSchema()).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
