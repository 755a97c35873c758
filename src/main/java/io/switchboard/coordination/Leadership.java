package io.switchboard.coordination;

/**
 * What a part that runs once per service does when its instance is elected, and when it must stop. Both are called
 * on the election's own thread; {@link #standDown()} must return only once the part has stopped, so that the next
 * leader never runs beside it.
 */
public interface Leadership {

    /** This instance now runs the part. Should return soon (hand long work to a thread of the part's own). */
    void lead();

    /** Another instance takes over (or this one stops, or lost its session): stop, and return when stopped. */
    void standDown();
}
