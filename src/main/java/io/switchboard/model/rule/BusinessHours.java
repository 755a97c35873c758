package io.switchboard.model.rule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Opening hours in a time zone. The event's instant is converted with the zone's rules, so daylight-saving
 * changes move the hours with the clock, never by a fixed offset.
 *
 * @param outside        what to do with an event outside the hours
 * @param outsideStatus  the Task status used when {@code outside} is {@link Outside#STATUS}
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime open, LocalTime close,
                            Set<LocalDate> holidays, Outside outside, String outsideStatus) {

    public enum Outside implements Keyed { LOG, STATUS, SKIP }

    public BusinessHours {
        days = Set.copyOf(days);
        holidays = Set.copyOf(holidays);
    }

    public boolean isOpen(OffsetDateTime when) {
        ZonedDateTime local = when.atZoneSameInstant(zone);
        if (holidays.contains(local.toLocalDate()) || !days.contains(local.getDayOfWeek())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return !time.isBefore(open) && time.isBefore(close);
    }

    /** How the verdict reads in an outcome or a dry run. */
    public String describe(OffsetDateTime when) {
        ZonedDateTime local = when.atZoneSameInstant(zone);
        String at = local.toLocalDate() + " " + local.toLocalTime().withNano(0) + " " + zone;
        if (holidays.contains(local.toLocalDate())) {
            return "outside business hours (holiday " + local.toLocalDate() + ")";
        }
        return (isOpen(when) ? "within" : "outside") + " business hours (" + at + ")";
    }
}
