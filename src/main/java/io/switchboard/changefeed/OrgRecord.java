package io.switchboard.changefeed;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One person or account as the feed publishes it (the record contract: docs/change-feed.md and
 * {@code contract/salesforce-record.schema.json}). Keyed in Kafka by {@link #id}; a deleted record is a tombstone.
 *
 * @param object           Contact, Lead, Account (a business account) or PersonAccount
 * @param company          a Contact's Account, a Lead's company (name only), a business Account itself; null for a
 *                         Person Account
 * @param emails           lower-case, trimmed; none when the record has no valid address
 * @param phones           every phone field that holds something: as stored, and in E.164 (null when it is no number)
 * @param converted        Lead only: IsConverted
 * @param lastModifiedDate Salesforce's LastModifiedDate text
 * @param fields           the extra fields configured for the object, as stored
 * @param origin           how this version was read: snapshot, change (from a change event), reread (a gap event
 *                         or a change the feed could not apply, read afresh)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OrgRecord(int version, String object, String id, String name, String firstName, String lastName,
                        Company company, Owner owner, List<String> emails, List<Phone> phones, Boolean converted,
                        String convertedContactId, String convertedAccountId, String lastModifiedDate,
                        Map<String, Object> fields, String origin) {

    public static final int VERSION = 1;

    public OrgRecord {
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** @param domain the website's domain, normalized as matching does (scheme, www, path, case; registrable domain) */
    public record Company(String accountId, String name, String domain) {
    }

    public record Owner(String id, String email) {
    }

    /** @param e164 null when the stored text is no phone number */
    public record Phone(String field, String stored, String e164) {
    }

    public boolean person() {
        return !"Account".equals(object);
    }
}
