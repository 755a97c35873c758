package io.switchboard.changefeed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The change feed's settings ({@code switchboard.change-feed.*}); off unless enabled, and then per object.
 *
 * @param enabled           the feed as a whole; nothing subscribes, reads or publishes while false
 * @param objects           per Salesforce object (Contact, Lead, Account): whether it is fed, and extra fields to carry
 * @param topics            where records and the feed's own position go
 * @param retention         how long Salesforce keeps change events (72 hours): a stored position older than this
 *                          cannot be resumed, so the object is read afresh (a snapshot)
 * @param snapshotPageSize  records per snapshot query (200 to 2,000: Salesforce's page)
 * @param batchSize         change events asked for at a time (Pub/Sub's num_requested, at most 100)
 * @param partitions        partitions of the record topics when the feed creates them
 * @param replicationFactor replication of the topics the feed creates
 * @param stateMemory       records whose last state is kept in memory, so that an update event is applied without
 *                          reading the record again; beyond it, a change re-reads its record (one counted request)
 * @param resubscribeDelay  how long an object whose change could not be published (or whose stored position
 *                          Salesforce refused) waits before it subscribes again
 */
@ConfigurationProperties("switchboard.change-feed")
public record ChangeFeedProperties(
        @DefaultValue("false") boolean enabled,
        Map<String, ObjectSettings> objects,
        @DefaultValue Topics topics,
        @DefaultValue("72h") Duration retention,
        @DefaultValue("2000") int snapshotPageSize,
        @DefaultValue("100") int batchSize,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("200000") int stateMemory,
        @DefaultValue("5s") Duration resubscribeDelay) {

    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}(\\.[A-Za-z][A-Za-z0-9_]{0,79})?");

    @ConstructorBinding
    public ChangeFeedProperties {
        objects = objects == null ? Map.of() : Map.copyOf(objects);
        for (Map.Entry<String, ObjectSettings> e : objects.entrySet()) {
            if (FeedObject.named(e.getKey()).isEmpty()) {
                throw new IllegalArgumentException("switchboard.change-feed.objects." + e.getKey()
                        + ": the change feed knows Contact, Lead and Account (Person Accounts come with Account)");
            }
            for (String field : e.getValue().extraFields()) {
                if (!API_NAME.matcher(field).matches()) {
                    throw new IllegalArgumentException("switchboard.change-feed.objects." + e.getKey()
                            + ".extra-fields: '" + field + "' is no field API name (such as Title or Region__c)");
                }
            }
        }
        if (snapshotPageSize < 200 || snapshotPageSize > 2000) {
            throw new IllegalArgumentException("switchboard.change-feed.snapshot-page-size must be 200 to 2000");
        }
        if (batchSize < 1 || batchSize > 100) {
            throw new IllegalArgumentException("switchboard.change-feed.batch-size must be 1 to 100 (Pub/Sub's limit)");
        }
        if (resubscribeDelay == null || resubscribeDelay.isNegative()) {
            throw new IllegalArgumentException("switchboard.change-feed.resubscribe-delay must not be negative");
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("switchboard.change-feed.retention must be positive (Salesforce: 72h)");
        }
    }

    /** The objects fed, in a fixed order (Account first: people name their Account). */
    public List<FeedObject> fedObjects() {
        if (!enabled) {
            return List.of();
        }
        return java.util.Arrays.stream(FeedObject.values())
                .filter(o -> objects.entrySet().stream().anyMatch(e -> e.getKey().equals(o.sObject) && e.getValue().enabled()))
                .toList();
    }

    public List<String> extraFields(FeedObject object) {
        ObjectSettings settings = objects.get(object.sObject);
        return settings == null ? List.of() : settings.extraFields();
    }

    /**
     * @param enabled     whether the object is fed
     * @param extraFields further fields carried as stored, under the record's {@code fields}
     */
    public record ObjectSettings(@DefaultValue("true") boolean enabled, List<String> extraFields) {
        public ObjectSettings {
            extraFields = extraFields == null ? List.of() : List.copyOf(extraFields);
        }
    }

    /**
     * @param people   Contacts, Leads and Person Accounts, keyed by record id
     * @param accounts business Accounts, keyed by record id
     * @param state    the feed's own position per object (replay id, snapshot progress), compacted
     */
    public record Topics(@DefaultValue("salesforce.people") String people,
                         @DefaultValue("salesforce.accounts") String accounts,
                         @DefaultValue("switchboard.change-feed.state") String state) {
    }
}
