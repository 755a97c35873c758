package io.switchboard.salesforce;

import java.util.Optional;
import java.util.regex.Pattern;

/** What a Salesforce record id looks like: 15 case-sensitive or 18 case-safe letters and digits. */
public final class SalesforceIds {

    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");
    /** The key prefix of Lead ids (Contacts are 003): which of a campaign member's two fields names a person. */
    public static final String LEAD_PREFIX = "00Q";
    public static final String CONTACT_PREFIX = "003";

    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {
    }

    public static boolean isLead(String id) {
        return id != null && id.startsWith(LEAD_PREFIX);
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * The 18-character case-safe form of an id (Salesforce shows the 15-character form in some messages, e.g.
     * DUPLICATE_VALUE's): three check characters, one per five characters, whose bits mark the upper-case letters.
     */
    public static Optional<String> caseSafe(String id) {
        if (!isValid(id)) {
            return Optional.empty();
        }
        if (id.length() == 18) {
            return Optional.of(id);
        }
        StringBuilder out = new StringBuilder(id);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            out.append(SUFFIX_CHARS.charAt(bits));
        }
        return Optional.of(out.toString());
    }
}
