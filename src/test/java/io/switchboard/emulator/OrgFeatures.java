package io.switchboard.emulator;

/**
 * Org features that change the metadata, switchable at run time as an admin switches them in Setup. Objects and
 * fields marked {@code requires: <feature>} in the schema YAML exist only while their feature is on: describe
 * leaves them out, SOQL names them INVALID_TYPE / INVALID_FIELD, REST answers NOT_FOUND, writes naming them fail.
 */
final class OrgFeatures {

    static final String SHARED_ACTIVITIES = "sharedActivities";

    /**
     * Shared Activities (one Task or Event related to several people through TaskRelation / EventRelation). On by
     * default, as in orgs created since Winter '14; a real org cannot switch it off again once on, tests may.
     */
    private volatile boolean sharedActivities = true;

    boolean enabled(String feature) {
        return feature == null || (SHARED_ACTIVITIES.equals(feature) && sharedActivities);
    }

    boolean sharedActivities() {
        return sharedActivities;
    }

    void setSharedActivities(boolean on) {
        sharedActivities = on;
    }
}
