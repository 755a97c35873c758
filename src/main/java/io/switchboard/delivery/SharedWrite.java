package io.switchboard.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One write of a request round, made on behalf of its owner event; followers are other events of the batch whose
 * own write was the same record (one new person, one conversation's activity, one note), so it is made once. Who
 * owns it and what is written follow from {@link #join}. {@code E} is the deliverer's per-event progress.
 */
final class SharedWrite<E> {

    E owner;
    PlannedWrite write;
    final List<E> followers = new ArrayList<>();
    /** For an update merged from several events' changes: each event's own write, owner first. */
    final List<SharedWrite<E>> merged = new ArrayList<>();
    /**
     * How each event's plan names the record: one person may be the primary person of one event and a participant
     * of another, so each event keeps the id under its own write's slot.
     */
    private final Map<E, WriteRef> slots = new java.util.IdentityHashMap<>();
    /** The events' planned writes this one makes, whichever of them is written. */
    final List<PlannedWrite> contributed = new ArrayList<>();

    SharedWrite(E owner, PlannedWrite write) {
        this.owner = owner;
        this.write = write;
        slots.put(owner, write.slot());
        contributed.add(write);
    }

    /** The owner and the followers. */
    List<E> everyone() {
        List<E> all = new ArrayList<>(followers);
        all.add(0, owner);
        return all;
    }

    /** Where the event's plan keeps this record's id. */
    WriteRef slotOf(E event) {
        return slots.getOrDefault(event, write.slot());
    }

    /** Another event's write of the same record joins this one. */
    void join(E event, PlannedWrite other) {
        slots.putIfAbsent(event, other.slot());
        contributed.add(other);
        if (other.version() != null && write.version() != null && other.version().compareTo(write.version()) >= 0) {
            // a later version of the same record in this batch: it is the one written
            takeOver(event, other);
        } else if (other.kind() == PlannedWrite.Kind.UPDATE && write.kind() == PlannedWrite.Kind.UPDATE
                && other.version() == null) {
            // two events changing one record: one update with both changes, the later event's value where both
            // set a field (it was planned against the earlier one's)
            if (merged.isEmpty()) {
                merged.add(new SharedWrite<>(owner, write));
            }
            merged.add(new SharedWrite<>(event, other));
            write = write.withLaterValues(other.fields());
            followers.add(event);
        } else if (other.ref() == WriteRole.PERSON && other.kind() == PlannedWrite.Kind.CREATE
                && write.kind() == PlannedWrite.Kind.CREATE && other.refs().size() > write.refs().size()) {
            // one new person, two events: the one that names more (a new Contact's Account) creates it
            takeOver(event, other);
        } else {
            followers.add(event);
        }
    }

    private void takeOver(E event, PlannedWrite other) {
        followers.add(owner);
        owner = event;
        write = other;
    }

    /** A round's writes, those of one record made once: keyed writes meet under any key they share. */
    static final class Round<E> {
        private final List<SharedWrite<E>> writes = new ArrayList<>();
        private final Map<String, SharedWrite<E>> byKey = new HashMap<>();

        void add(E event, PlannedWrite write) {
            if (!write.isKeyed()) {
                writes.add(new SharedWrite<>(event, write));
                return;
            }
            List<String> keys = WriteRounds.sharedKeys(write);
            SharedWrite<E> shared = keys.stream().map(byKey::get).filter(Objects::nonNull).findFirst().orElse(null);
            if (shared == null) {
                shared = new SharedWrite<>(event, write);
                writes.add(shared);
            } else {
                shared.join(event, write);
            }
            for (String key : keys) {
                byKey.putIfAbsent(key, shared);
            }
        }

        List<SharedWrite<E>> writes() {
            return writes;
        }
    }
}
