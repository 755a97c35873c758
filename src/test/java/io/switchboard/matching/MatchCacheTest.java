package io.switchboard.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatchCacheTest {

    private final MutableClock clock = new MutableClock();
    private final MatchCache cache = new MatchCache(Duration.ofSeconds(30), clock);
    private final MatchCache.Key key = new MatchCache.Key(PersonObject.LEAD, LookupKind.EMAIL, "dana@example.com");
    private final Candidate lead = new Candidate(PersonObject.LEAD, "00Q000000000001AAA", null, "00Q000000000001AAA",
            "2026-11-20T15:04:05.000+0000", Set.of("dana@example.com"), Set.of(), null, false);

    @Test
    void remembersAFindForItsLifetimeOnly() {
        cache.put(key, List.of(lead));
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get(key)).contains(List.of(lead));
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get(key)).isEmpty();
    }

    @Test
    void neverRemembersAMiss() {
        cache.put(key, List.of());
        assertThat(cache.get(key)).isEmpty();
    }

    @Test
    void forgetsARecordByItsIdInEitherLength() {
        cache.put(key, List.of(lead));
        cache.forget("00Q000000000001");
        assertThat(cache.get(key)).isEmpty();
    }

    @Test
    void aLifetimeOfZeroTurnsTheCacheOff() {
        MatchCache off = new MatchCache(Duration.ZERO, clock);
        off.put(key, List.of(lead));
        assertThat(off.get(key)).isEmpty();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-20T15:04:05Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
