package io.switchboard.delivery;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which request round each write of a batch leaves in. An event's writes keep the order of {@link #PHASES} (a new
 * Contact's Account, then the person, then what needs only the person: case, note, campaign membership; then what
 * needs those: the activity names its case, the note's link names its note; last the other people related to a
 * shared activity), but an event goes only through the
 * phases it has writes in: a known caller's Task leaves in the first round, beside the new people of other events,
 * and only what names a record created in a round waits for the next.
 * <p>
 * Writes that share a key (one new person, one conversation's activity) are made once, so they share the latest
 * round any of them needs; an event whose write moved later moves its later phases with it.
 */
final class WriteRounds {

    static final List<List<WriteRole>> PHASES = List.of(
            List.of(WriteRole.ACCOUNT),
            List.of(WriteRole.PERSON),
            List.of(WriteRole.CASE, WriteRole.NOTE, WriteRole.CAMPAIGN_MEMBER),
            List.of(WriteRole.ACTIVITY, WriteRole.NOTE_LINK),
            List.of(WriteRole.RELATION));

    private WriteRounds() {
    }

    /** The round (from 1) of every write of the events, each event's writes given as one list. */
    static Map<PlannedWrite, Integer> of(List<List<PlannedWrite>> writesByEvent) {
        Map<PlannedWrite, Integer> rounds = new IdentityHashMap<>();
        int[] reached = new int[writesByEvent.size()];
        for (List<WriteRole> phase : PHASES) {
            Map<String, String> groups = new HashMap<>();
            Map<PlannedWrite, Integer> earliest = new IdentityHashMap<>();
            Map<PlannedWrite, Integer> event = new IdentityHashMap<>();
            for (int e = 0; e < writesByEvent.size(); e++) {
                for (PlannedWrite write : writesByEvent.get(e)) {
                    if (phase.contains(write.ref())) {
                        earliest.put(write, reached[e] + 1);
                        event.put(write, e);
                        List<String> keys = sharedKeys(write);
                        keys.forEach(key -> union(groups, keys.get(0), key));
                    }
                }
            }
            Map<String, Integer> groupRound = new HashMap<>();
            earliest.forEach((write, round) -> sharedKeys(write).stream().findFirst()
                    .ifPresent(key -> groupRound.merge(root(groups, key), round, Math::max)));
            earliest.forEach((write, round) -> {
                int r = sharedKeys(write).stream().findFirst().map(key -> groupRound.get(root(groups, key))).orElse(round);
                rounds.put(write, r);
                int e = event.get(write);
                reached[e] = Math.max(reached[e], r);
            });
        }
        return rounds;
    }

    /**
     * The keys under which a write is made once for several events: a new person's key lists all their identities
     * (email, numbers), and sharing any one is enough.
     */
    static List<String> sharedKeys(PlannedWrite write) {
        return write.keys().stream().map(k -> write.ref() + "/" + write.sObject() + "/" + k).toList();
    }

    private static String root(Map<String, String> groups, String key) {
        String root = key;
        while (groups.containsKey(root) && !groups.get(root).equals(root)) {
            root = groups.get(root);
        }
        return root;
    }

    private static void union(Map<String, String> groups, String a, String b) {
        groups.putIfAbsent(a, a);
        groups.putIfAbsent(b, b);
        String ra = root(groups, a);
        String rb = root(groups, b);
        if (!ra.equals(rb)) {
            groups.put(rb, ra);
        }
    }
}
