package io.switchboard.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * While the cluster refuses the service (a login or a certificate: nothing a retry changes), every Kafka client of
 * the service says so again about every second, a dozen clients at once, and the one line that names the setting
 * to fix is lost among them. Muted only then, and only those lines; once the check passes, everything is logged again.
 * Always left out: an admin client's second line about a refusal, a stack trace of what its network client has
 * just said in one line.
 */
final class RepeatedRefusals extends TurboFilter {

    private static final List<String> REPEATS = List.of("failed authentication", "disconnected");
    private static final String ADMIN_SECOND_LINE = "Metadata update failed due to authentication error";

    private volatile boolean muting;

    /** Installs the filter into Logback, when Logback is the logging system; null otherwise. */
    static RepeatedRefusals install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            RepeatedRefusals filter = new RepeatedRefusals();
            filter.setName("switchboard-kafka-refusals");
            filter.start();
            context.addTurboFilter(filter);
            return filter;
        }
        return null;
    }

    void mute(boolean muting) {
        this.muting = muting;
    }

    void uninstall() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getTurboFilterList().remove(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || logger == null || !logger.getName().startsWith("org.apache.kafka.clients")) {
            return FilterReply.NEUTRAL;
        }
        if (format.contains(ADMIN_SECOND_LINE)) {
            return FilterReply.DENY;
        }
        if (!muting) {
            return FilterReply.NEUTRAL;
        }
        for (String repeat : REPEATS) {
            if (format.contains(repeat)) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
