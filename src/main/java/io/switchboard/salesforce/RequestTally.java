package io.switchboard.salesforce;

/**
 * The Salesforce requests spent on one piece of work (a batch's matching, say), so that its outcome can tell what
 * it cost; next pages of a query count too. One tally per piece of work and thread.
 */
public final class RequestTally {

    private int count;

    public void add(int requests) {
        count += requests;
    }

    public int count() {
        return count;
    }
}
