package io.switchboard.changefeed;

import io.switchboard.salesforce.RequestTally;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * What a change event means for the feed's records (the route's first step). A create or update is applied to the
 * record's last state, from the event alone when the feed remembers that state and knows the related names the
 * event names by id (the Account's name and domain, the owner's email); otherwise, and for an undelete, the record
 * is read again by id. A delete is a tombstone. A gap event (GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE) says
 * Salesforce could not describe the change, so the named records are read again instead of trusting the event;
 * GAP_OVERFLOW (too many changes to name) reads the whole object again. A business Account's new name or website
 * reaches its Contacts' records too (they carry the company).
 */
@Component("changeFeed")
class ChangeFeed {

    private final ChangeEventReader reader;
    private final RecordReads reads;
    private final FeedRecords records;
    private final FeedState state;
    private final RecordShape shape;
    private final FeedStatus status;
    private final FeedSnapshots snapshots;
    private final ChangeFeedProperties properties;
    private final FeedSubscriptions subscriptions;

    ChangeFeed(ChangeEventReader reader, RecordReads reads, FeedRecords records, FeedState state, RecordShape shape,
               FeedStatus status, FeedSnapshots snapshots, ChangeFeedProperties properties,
               FeedSubscriptions subscriptions) {
        this.reader = reader;
        this.reads = reads;
        this.records = records;
        this.state = state;
        this.shape = shape;
        this.status = status;
        this.snapshots = snapshots;
        this.properties = properties;
        this.subscriptions = subscriptions;
    }

    /** The records to publish for one change event of {@code objectName}'s channel. */
    public List<Publication> read(@Body Object body, @ExchangeProperty("feedObject") String objectName,
                                  @Header("CamelSalesforcePubSubReplayId") String replayId) {
        FeedObject object = FeedObject.named(objectName).orElseThrow(() ->
                new IllegalArgumentException("No change feed object " + objectName));
        if (subscriptions.stalled(object)) {
            // a change before this one failed: the subscription starts again from the stored position, and this
            // event comes again then
            return List.of();
        }
        ChangeEvent event = reader.read(body);
        RequestTally tally = new RequestTally();
        List<Publication> out;
        try {
            out = publications(object, event, tally);
        } finally {
            status.requests(tally.count());
        }
        out.forEach(p -> state.publishedByStream(object, p.key()));
        status.event(object, event.changeType(), event.committedAt(), replayId);
        return out;
    }

    private List<Publication> publications(FeedObject object, ChangeEvent event, RequestTally tally) {
        if (event.overflow()) {
            snapshots.readAgain(object);
            return List.of();
        }
        if (event.gap() || "UNDELETE".equals(event.changeType())) {
            return readAgain(object, event.recordIds(), tally);
        }
        if ("DELETE".equals(event.changeType())) {
            return records.tombstones(object, event.recordIds());
        }
        List<Publication> out = new ArrayList<>(apply(object, event, tally));
        if (object == FeedObject.ACCOUNT && properties.fedObjects().contains(FeedObject.CONTACT)
                && !"CREATE".equals(event.changeType())
                && (event.changed().contains("Name") || event.changed().contains(shape.domainField()))) {
            for (String accountId : event.recordIds()) {
                out.addAll(records.records(FeedObject.CONTACT, reads.contactsOf(accountId, tally), "reread"));
            }
        }
        return out;
    }

    /** Each record's last state with the event's values over it, or read again where that is not enough. */
    private List<Publication> apply(FeedObject object, ChangeEvent event, RequestTally tally) {
        List<Map<String, Object>> applied = new ArrayList<>();
        List<String> again = new ArrayList<>();
        for (String id : event.recordIds()) {
            Optional<Map<String, Object>> last = "CREATE".equals(event.changeType())
                    ? Optional.of(Map.of()) : state.get(id);
            if (last.isEmpty()) {
                again.add(id);
                continue;
            }
            Map<String, Object> fields = new HashMap<>(last.get());
            fields.putAll(event.values());
            event.nulled().forEach(f -> fields.put(f, null));
            fields.put("Id", FeedRecords.key(id));
            if (related(object, event, fields)) {
                applied.add(fields);
            } else {
                again.add(id);
            }
        }
        List<Publication> out = new ArrayList<>(records.records(object, applied, "change"));
        out.addAll(readAgain(object, again, tally));
        return out;
    }

    /** Fills what the event names by id from what the feed knows; false when it does not know it. */
    private boolean related(FeedObject object, ChangeEvent event, Map<String, Object> fields) {
        boolean create = "CREATE".equals(event.changeType());
        if (object == FeedObject.CONTACT && (create || touches(event, "AccountId"))) {
            String accountId = RecordShape.text(fields, "AccountId");
            fields.remove("Account.Name");
            fields.remove("Account." + shape.domainField());
            if (accountId != null) {
                Optional<Map<String, Object>> account = state.get(accountId);
                if (account.isEmpty()) {
                    return false;
                }
                fields.put("Account.Name", account.get().get("Name"));
                fields.put("Account." + shape.domainField(), account.get().get(shape.domainField()));
            }
        }
        if (create || touches(event, "OwnerId")) {
            String ownerId = RecordShape.text(fields, "OwnerId");
            fields.remove("Owner.Email");
            if (ownerId != null) {
                Optional<String> email = state.ownerEmail(ownerId);
                if (email.isEmpty()) {
                    return false;
                }
                fields.put("Owner.Email", email.get());
            }
        }
        return true;
    }

    private static boolean touches(ChangeEvent event, String field) {
        return event.changed().contains(field) || event.nulled().contains(field) || event.values().containsKey(field);
    }

    /** The records as they are now; those not found were deleted meanwhile and become tombstones. */
    private List<Publication> readAgain(FeedObject object, List<String> ids, RequestTally tally) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> found = reads.byIds(object, ids, tally);
        java.util.Set<String> present = new java.util.HashSet<>();
        found.forEach(f -> present.add(FeedRecords.key(RecordShape.text(f, "Id"))));
        List<Publication> out = new ArrayList<>(records.records(object, found, "reread"));
        out.addAll(records.tombstones(object, ids.stream().filter(id -> !present.contains(FeedRecords.key(id))).toList()));
        return out;
    }
}
