package io.switchboard.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Server-side query cursors and the pages cut from them, as Salesforce keeps them:
 * <ul>
 *   <li>a page holds at most the batch size (2,000; 200..2,000 with {@code Sforce-Query-Options: batchSize=N}), at
 *       most 200 when the query selects two or more long text area fields, and fewer when the org's forced page
 *       sizes say so (Salesforce: "fewer records ... based on the size and complexity of records");</li>
 *   <li>the locator in {@code nextRecordsUrl} is {@code 01g...-N}: the cursor id (the same on every page of one
 *       query) and the offset of the next row; it is always under {@code /query/}, also for queryAll;</li>
 *   <li>each locator can be used once (the SOAP API documents "use a given queryLocator value only one time"; for
 *       REST it is not documented, so the stricter reading is taken), only by the user who opened it, until 15
 *       minutes without use; a user has at most 10 open cursors, and opening an 11th releases the oldest.</li>
 * </ul>
 * A used, released, expired, foreign or mistyped locator answers 400 INVALID_QUERY_LOCATOR. Rows are the snapshot
 * taken when the query ran.
 */
final class QueryCursors {

    static final int DEFAULT_BATCH = 2000;
    static final int MIN_BATCH = 200;
    /** Two or more long text area fields selected: at most this many rows a page. */
    static final int LONG_TEXT_BATCH = 200;
    static final int MAX_OPEN_PER_USER = 10;
    static final Duration IDLE_EXPIRY = Duration.ofMinutes(15);

    private record Cursor(String id, String userId, List<Map<String, Object>> rows, int batch, int page,
                          int nextOffset, Instant lastUsed) {
    }

    private final SalesforceIds cursorIds = new SalesforceIds(42_000L);
    private final Clock clock;
    private final Supplier<List<Integer>> forcedSizes;
    /** Open cursors in the order they were opened. */
    private final LinkedHashMap<String, Cursor> open = new LinkedHashMap<>();

    QueryCursors(Clock clock, Supplier<List<Integer>> forcedSizes) {
        this.clock = clock;
        this.forcedSizes = forcedSizes;
    }

    synchronized void clear() {
        open.clear();
    }

    /** The first page of a query's rows. {@code batch} is the batch size already capped for the query's fields. */
    synchronized Map<String, Object> first(String userId, String version, int totalSize,
                                           List<Map<String, Object>> rows, int batch) {
        Cursor cursor = new Cursor(null, userId, rows, batch, 0, 0, clock.instant());
        return page(cursor, version, totalSize);
    }

    /** The page a locator ({@code 01g...-N}) points at; the locator is used up. */
    synchronized Map<String, Object> next(String userId, String version, String locator) {
        expireIdle();
        int dash = locator.lastIndexOf('-');
        Cursor cursor = dash < 0 ? null : open.get(locator.substring(0, dash));
        if (cursor == null || !cursor.userId().equals(userId)
                || !locator.substring(dash + 1).equals(Integer.toString(cursor.nextOffset()))) {
            throw invalid();
        }
        open.remove(cursor.id());
        return page(cursor, version, cursor.rows().size());
    }

    private Map<String, Object> page(Cursor cursor, String version, int totalSize) {
        List<Map<String, Object>> rows = cursor.rows();
        int from = cursor.nextOffset();
        int size = pageSize(cursor.batch(), cursor.page());
        int end = Math.min(rows.size(), from + size);
        boolean done = end >= rows.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalSize", totalSize);
        out.put("done", done);
        if (!done) {
            String id = cursor.id() == null ? opened(cursor.userId()) : cursor.id();
            open.put(id, new Cursor(id, cursor.userId(), rows, cursor.batch(), cursor.page() + 1, end, clock.instant()));
            // Salesforce names /query/ here also for queryAll, whose locators both resources accept
            out.put("nextRecordsUrl", "/services/data/v" + version + "/query/" + id + "-" + end);
        }
        out.put("records", new ArrayList<>(rows.subList(from, end)));
        return out;
    }

    private int pageSize(int batch, int page) {
        List<Integer> forced = forcedSizes.get();
        return forced.isEmpty() ? batch : Math.min(batch, forced.get(page % forced.size()));
    }

    /** A new cursor id for the user, releasing the user's oldest cursor when ten are open. */
    private String opened(String userId) {
        expireIdle();
        List<String> mine = new ArrayList<>();
        open.values().forEach(c -> {
            if (c.userId().equals(userId)) {
                mine.add(c.id());
            }
        });
        for (int i = 0; i <= mine.size() - MAX_OPEN_PER_USER; i++) {
            open.remove(mine.get(i));
        }
        return cursorIds.next("01g");
    }

    private void expireIdle() {
        Instant limit = clock.instant().minus(IDLE_EXPIRY);
        for (Iterator<Cursor> it = open.values().iterator(); it.hasNext(); ) {
            if (it.next().lastUsed().isBefore(limit)) {
                it.remove();
            }
        }
    }

    synchronized int openCount() {
        return open.size();
    }

    private static ApiException invalid() {
        return ApiException.badRequest("INVALID_QUERY_LOCATOR", "invalid query locator");
    }
}
