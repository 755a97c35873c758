package io.switchboard.changefeed;

import io.switchboard.model.OrgRecordChanged;
import io.switchboard.salesforce.SalesforceIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Turns records' fields into what the feed publishes (keyed by the 18-character id, on the people or the accounts
 * topic), remembers them for the next change, and tells the application what changed once Kafka has it.
 */
@Component("feedRecords")
class FeedRecords {

    private final RecordShape shape;
    private final FeedState state;
    private final ChangeFeedProperties properties;
    private final ApplicationEventPublisher events;

    FeedRecords(RecordShape shape, FeedState state, ChangeFeedProperties properties, ApplicationEventPublisher events) {
        this.shape = shape;
        this.state = state;
        this.properties = properties;
        this.events = events;
    }

    List<Publication> records(FeedObject object, List<Map<String, Object>> records, String origin) {
        List<Publication> out = new ArrayList<>(records.size());
        for (Map<String, Object> fields : records) {
            OrgRecord record = shape.build(object, fields, origin);
            if (record.id() == null) {
                continue;
            }
            state.remember(fields);
            out.add(new Publication(record.person() ? properties.topics().people() : properties.topics().accounts(),
                    key(record.id()), record));
        }
        return out;
    }

    /** A deleted Account may have been a business or a person account: both topics get the tombstone. */
    List<Publication> tombstones(FeedObject object, Collection<String> ids) {
        List<Publication> out = new ArrayList<>();
        for (String id : ids) {
            state.forget(id);
            out.add(Publication.tombstone(properties.topics().people(), key(id)));
            if (object == FeedObject.ACCOUNT) {
                out.add(Publication.tombstone(properties.topics().accounts(), key(id)));
            }
        }
        return out;
    }

    /** The route's step after publishing: matching (and anyone listening) learns what changed. */
    public void announce(List<Publication> published) {
        java.util.Set<String> told = new java.util.HashSet<>();
        for (Publication p : published) {
            if (!told.add(p.key())) {
                continue;
            }
            OrgRecord r = p.record();
            if (r == null) {
                String object = FeedObject.ofId(p.key()).map(FeedObject::sObject).orElse("Account");
                events.publishEvent(new OrgRecordChanged(object, p.key(), OrgRecordChanged.Change.DELETED, null));
            } else if (Boolean.TRUE.equals(r.converted())) {
                events.publishEvent(new OrgRecordChanged(r.object(), r.id(), OrgRecordChanged.Change.CONVERTED,
                        r.convertedContactId()));
            } else {
                events.publishEvent(new OrgRecordChanged(r.object(), r.id(), OrgRecordChanged.Change.CHANGED, null));
            }
        }
    }

    static String key(String id) {
        return SalesforceIds.caseSafe(id).orElse(id);
    }
}
