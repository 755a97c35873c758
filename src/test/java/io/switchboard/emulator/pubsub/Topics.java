package io.switchboard.emulator.pubsub;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Change Data Capture channels: {@code /data/ChangeEvents} (every selected entity) and
 * {@code /data/<Entity>ChangeEvent} for a standard object, {@code /data/<Name>__ChangeEvent} for a custom object
 * {@code Name__c}. A channel of an entity not selected for Change Data Capture does not exist, as in a real org.
 */
final class Topics {

    static final String ALL = "/data/ChangeEvents";
    private static final String PREFIX = "/data/";
    private static final String SUFFIX = "ChangeEvent";

    private final ChangeEventLog log;
    private final String orgId;

    Topics(ChangeEventLog log, String orgId) {
        this.log = log;
        this.orgId = orgId;
    }

    /** The entity of a channel, null for /data/ChangeEvents; NOT_FOUND for anything else. */
    String entityOf(String topic) {
        if (ALL.equals(topic)) {
            return null;
        }
        if (topic != null && topic.startsWith(PREFIX) && topic.endsWith(SUFFIX)) {
            String base = topic.substring(PREFIX.length(), topic.length() - SUFFIX.length());
            String entity = base.endsWith("__") ? base + "c" : base;
            if (log.selected().contains(entity)) {
                return entity;
            }
        }
        throw notFound(topic);
    }

    /** The channel of an entity's own change events. */
    static String topicOf(String entity) {
        return PREFIX + EntitySchema.recordName(entity);
    }

    StatusRuntimeException notFound(String topic) {
        return PubSubErrors.error(Status.Code.NOT_FOUND, PubSubErrors.TOPIC_NOT_FOUND, "The topic information for org "
                + orgId + " and topic " + topic + " not found. Ensure the topic name is correct and that the topic "
                + "exists.");
    }
}
