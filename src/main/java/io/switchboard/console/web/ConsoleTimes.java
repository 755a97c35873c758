package io.switchboard.console.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Times as the pages show them: UTC, to the second (templates: {@code ${@consoleTimes.utc(t)}}). */
@Component("consoleTimes")
public class ConsoleTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public String utc(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant);
    }
}
