package io.switchboard.benchmark;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels for JVMs without Spring Boot. Logback without a configuration logs everything at DEBUG, which on
 * two cores would cost the broker and the baseline pipeline real CPU and bury the results.
 */
final class Quiet {

    private Quiet() {
    }

    static void rootLevel(Level level) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(level);
        }
    }
}
