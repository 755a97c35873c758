package io.switchboard.salesforce;

import java.util.regex.Pattern;

/** What a Salesforce record id looks like: 15 case-sensitive or 18 case-safe letters and digits. */
public final class SalesforceIds {

    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");

    private SalesforceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
