package io.switchboard.changefeed;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.salesforce.OrgMetadata;
import io.switchboard.salesforce.QueryText;
import io.switchboard.salesforce.Read;
import io.switchboard.salesforce.RequestTally;
import io.switchboard.salesforce.SalesforceGateway;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The feed's SOQL reads, every one through {@link SalesforceGateway} (so each request is counted and kept within
 * the API budget): a snapshot's pages in Id order, records by id (a gap event, a change the feed cannot apply
 * alone), an Account's Contacts, and an object's size for the progress indicator.
 */
@Component
class RecordReads {

    /** Ids per query: 18-character literals keep a query of this many well below SOQL's 100,000 characters. */
    private static final int IDS_PER_QUERY = 300;

    private final SalesforceGateway salesforce;
    private final RecordShape shape;
    private final OrgMetadata metadata;

    RecordReads(SalesforceGateway salesforce, RecordShape shape, OrgMetadata metadata) {
        this.salesforce = salesforce;
        this.shape = shape;
        this.metadata = metadata;
    }

    /**
     * One page of a snapshot: the records after {@code afterId} in Id order. Keyset paging (not a cursor) so that
     * a snapshot interrupted by a restart goes on from the last id it published.
     */
    List<Map<String, Object>> page(FeedObject object, String afterId, int size, RequestTally tally) {
        String where = live(object);
        if (afterId != null) {
            where = (where.isEmpty() ? "" : where + " AND ") + "Id > " + QueryText.soqlLiteral(afterId);
        }
        return query("SELECT " + shape.select(object) + " FROM " + object.sObject
                + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY Id LIMIT " + size, tally);
    }

    /** How many records a snapshot of the object will read. */
    long count(FeedObject object, RequestTally tally) {
        String where = live(object);
        List<List<JsonNode>> answers = salesforce.readAll(List.of(Read.query("SELECT COUNT(Id) total FROM "
                + object.sObject + (where.isEmpty() ? "" : " WHERE " + where))), tally);
        return answers.get(0).isEmpty() ? 0 : answers.get(0).get(0).path("total").asLong(0);
    }

    /** The records of these ids as they are now; a deleted one is simply absent. */
    List<Map<String, Object>> byIds(FeedObject object, Collection<String> ids, RequestTally tally) {
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        List<Read> reads = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
            String where = live(object);
            reads.add(Read.query("SELECT " + shape.select(object) + " FROM " + object.sObject + " WHERE "
                    + (where.isEmpty() ? "" : where + " AND ") + "Id IN " + QueryText.soqlList(chunk)));
        }
        return run(reads, tally);
    }

    /** The Contacts of an Account, whose records carry the Account's name and domain. */
    List<Map<String, Object>> contactsOf(String accountId, RequestTally tally) {
        String where = live(FeedObject.CONTACT);
        return query("SELECT " + shape.select(FeedObject.CONTACT) + " FROM Contact WHERE "
                + (where.isEmpty() ? "" : where + " AND ") + "AccountId = " + QueryText.soqlLiteral(accountId), tally);
    }

    /** A Person Account's contact shows up as a Contact too; it is fed once, as the Account. */
    private String live(FeedObject object) {
        return object == FeedObject.CONTACT && metadata.field("Contact", "IsPersonAccount").isPresent()
                ? "IsPersonAccount = false" : "";
    }

    private List<Map<String, Object>> query(String soql, RequestTally tally) {
        return run(List.of(Read.query(soql)), tally);
    }

    private List<Map<String, Object>> run(List<Read> reads, RequestTally tally) {
        if (reads.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<JsonNode> answer : salesforce.readAll(reads, tally)) {
            answer.forEach(r -> out.add(RecordShape.flatten(r)));
        }
        return out;
    }
}
