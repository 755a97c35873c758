package io.switchboard.flow;

/** Consumption is paused; the batch is left uncommitted and will be read again when it resumes. */
public class ConsumingPaused extends RuntimeException {

    public ConsumingPaused() {
        super("Consuming is paused until Salesforce and Kafka can take writes again; this batch will be read again",
                null, false, false);
    }
}
