package io.switchboard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The stages' one fallback: a batch runs as a whole, the cheap way; if that fails (a look-up Salesforce refuses, a
 * defect), each item runs alone, so that only the items at fault fail, each as {@code failed} makes of it. Failures
 * of the kind {@code passThrough} (Salesforce unavailable) are no item's fault: they fail the whole batch, which is
 * then retried.
 */
public final class EachAlone {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EachAlone.class);

    private EachAlone() {
    }

    public static <I, O> List<O> onFailure(List<I> batch, Function<List<I>, List<O>> stage,
                                           BiFunction<I, RuntimeException, O> failed,
                                           Class<? extends RuntimeException> passThrough) {
        try {
            return stage.apply(batch);
        } catch (RuntimeException batchFailure) {
            if (passThrough.isInstance(batchFailure)) {
                throw batchFailure;
            }
            // costs a request or more per item: worth knowing when it happens often
            // (the message may hold event data; the events' own failures carry it, masked where logged)
            log.warn("A batch of {} failed as a whole ({}); running each of its events alone so that only those at "
                    + "fault fail", batch.size(), batchFailure.getClass().getSimpleName());
            List<O> out = new ArrayList<>(batch.size());
            for (I one : batch) {
                try {
                    out.add(stage.apply(List.of(one)).get(0));
                } catch (RuntimeException alone) {
                    if (passThrough.isInstance(alone)) {
                        throw alone;
                    }
                    out.add(failed.apply(one, alone));
                }
            }
            return out;
        }
    }
}
