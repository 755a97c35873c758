package io.switchboard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestBed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generator itself: the fixed seed gives the same records every run, and they cover what the suite claims. */
class HostileGeneratorTest {

    private static List<Hostile.Case> suite() {
        Random random = new Random(HostileRecordsFuzzIT.SEED);
        List<Hostile.Case> out = new ArrayList<>();
        for (int i = 0; i < HostileRecordsFuzzIT.BATCHES * HostileRecordsFuzzIT.RECORDS_PER_BATCH; i++) {
            out.add(Hostile.next(random, "fzt" + i, TestBed.CALLS));
            random.nextInt(3); // the suite's topic choice
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameRecords() {
        List<Hostile.Case> a = suite();
        List<Hostile.Case> b = suite();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
            assertThat(a.get(i).key()).isEqualTo(b.get(i).key());
        }
    }

    @Test
    void theRecordsCoverEveryKindOfHostileInputAndFitTheBroker() {
        List<Hostile.Case> cases = suite();
        String all = String.join("\n", cases.stream().map(Hostile.Case::description).toList());
        cases.forEach(c -> System.out.println("[fuzz-gen] " + c.mustDeadLetter() + " " + c.description()));
        assertThat(all).contains("trailing garbage", "two JSON values", "not a JSON object", "invalid UTF-8",
                "raw control character", "levels of", "KB", "is null", "duplicated member", "unknown type");
        assertThat(cases).allSatisfy(c -> assertThat(c.value() == null ? 0 : c.value().length)
                .isLessThanOrEqualTo(Hostile.MAX_VALUE_BYTES + 100_000));
        assertThat(cases.stream().filter(c -> c.value() != null && c.value().length > 800_000)).isNotEmpty();
        assertThat(cases.stream().filter(c -> c.key() == null)).isNotEmpty();
        assertThat(cases.stream().filter(Hostile.Case::mustDeadLetter).count()).isBetween(10L, (long) cases.size() - 20);
        assertThat(cases.stream().filter(c -> c.value() != null && new String(c.value(),
                java.nio.charset.StandardCharsets.UTF_8).codePoints().anyMatch(cp -> cp > 0xFFFF))).isNotEmpty();
        assertThat(Arrays.asList(Hostile.INJECTIONS)).contains("' OR Name LIKE '%");
    }
}
