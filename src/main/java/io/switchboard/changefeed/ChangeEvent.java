package io.switchboard.changefeed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Change Data Capture event as the feed uses it.
 *
 * @param changeType CREATE, UPDATE, DELETE, UNDELETE or a GAP_* type (GAP_CREATE, GAP_UPDATE, GAP_DELETE,
 *                   GAP_UNDELETE, GAP_OVERFLOW): a gap event names records whose change Salesforce could not
 *                   describe, so they are read again
 * @param values     the fields the event holds a value for, flat (a compound name's parts as FirstName, LastName)
 * @param changed    the fields the event says changed (its changedFields), flat as {@code values}
 * @param nulled     the fields set to null (its nulledFields)
 */
record ChangeEvent(String entityName, String changeType, List<String> recordIds, Instant committedAt,
                   Map<String, Object> values, Set<String> changed, Set<String> nulled) {

    boolean gap() {
        return changeType.startsWith("GAP_");
    }

    boolean overflow() {
        return "GAP_OVERFLOW".equals(changeType);
    }
}
