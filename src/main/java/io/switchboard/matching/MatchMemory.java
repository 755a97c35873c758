package io.switchboard.matching;

/**
 * What delivery may ask of matching's memory: to forget a record a write found gone (deleted, converted, merged),
 * so that the next event looks it up afresh. Delivery sees nothing else of the cache.
 */
public interface MatchMemory {

    void forget(String recordId);
}
