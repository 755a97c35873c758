package io.switchboard.emulator;

import io.switchboard.emulator.SoqlQuery.Condition;
import io.switchboard.emulator.SoqlQuery.FieldPath;
import io.switchboard.emulator.SoqlQuery.Literal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluates a parsed query against the store. Called with the store's read lock held. */
final class SoqlEngine {

    private final Org org;
    private final String version;
    private final Instant now;

    SoqlEngine(Org org, String version, Instant now) {
        this.org = org;
        this.version = version;
        this.now = now;
    }

    QueryResult execute(SoqlQuery query, boolean includeDeleted) {
        return execute(query, includeDeleted, null);
    }

    /**
     * Runs a query and keeps, of the rows it returns, those whose id is in {@code only} (all when null): the same
     * rows in the same order as filtering the full result, without ordering and rendering the others. Without
     * LIMIT and OFFSET the filter applies before the WHERE (ordering is stable, so the kept rows keep their order);
     * with them, after the page is cut, as the page is taken from all rows.
     */
    QueryResult execute(SoqlQuery query, boolean includeDeleted, Set<String> only) {
        boolean early = only != null && query.limit() == null && query.offset() == null;
        List<StoredRecord> rows = new ArrayList<>();
        Collection<StoredRecord> source = query.where() == null ? null : indexed(query.object(), query.where());
        if (early) {
            ObjectIndex index = org.index(query.object());
            if (index != null && (source == null || source.size() > only.size())) {
                source = index.inTableOrder(only);
            }
        }
        for (StoredRecord r : source == null ? org.scan(query.object()) : source) {
            // queryAll also returns deleted records and archived activities, query neither
            if ((includeDeleted || (!r.deleted() && !Boolean.TRUE.equals(r.fields().get("IsArchived"))))
                    && (!early || only.contains(r.id()))
                    && (query.where() == null || matches(r, query.where()))) {
                rows.add(r);
            }
        }
        if (!query.orderBy().isEmpty()) {
            rows.sort(comparator(query.orderBy()));
        }
        int from = query.offset() == null ? 0 : Math.min(query.offset(), rows.size());
        int to = query.limit() == null ? rows.size() : Math.min(rows.size(), from + query.limit());
        rows = rows.subList(from, to);
        if (only != null && !early) {
            rows = rows.stream().filter(r -> only.contains(r.id())).toList();
        }
        if (query.countOnly()) {
            return new QueryResult(rows.size(), List.of());
        }
        if (query.aggregate()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("attributes", Map.of("type", "AggregateResult"));
            row.put(query.countAlias(), rows.size());
            return new QueryResult(1, List.of(row));
        }
        List<Map<String, Object>> records = new ArrayList<>(rows.size());
        for (StoredRecord r : rows) {
            records.add(render(r, query.fields()));
        }
        return new QueryResult(records.size(), records);
    }

    // ---------------------------------------------------------------- index use

    /**
     * The records the WHERE can match, taken from the equality indexes in scan order, or null to scan the table.
     * Only narrows: {@link #execute} still applies the whole WHERE (and the IsDeleted rule) to every candidate.
     */
    private Collection<StoredRecord> indexed(ObjectDef object, Condition where) {
        ObjectIndex index = org.index(object);
        if (index == null) {
            return null;
        }
        Set<String> ids = candidates(index, where);
        return ids == null ? null : index.inTableOrder(ids);
    }

    /**
     * Ids that may satisfy a condition, or null when the indexes cannot tell: {@code field = literal} and
     * {@code field IN (...)} on a direct field are looked up, an OR needs every part looked up (union), an AND
     * needs at least one (intersection of those that are).
     */
    private static Set<String> candidates(ObjectIndex index, Condition c) {
        if (c instanceof SoqlQuery.Compare cmp) {
            return cmp.op().equals("=") && cmp.field().direct()
                    ? index.lookup(cmp.field().field().name(), List.of(cmp.value())) : null;
        }
        if (c instanceof SoqlQuery.In in) {
            return !in.negated() && in.field().direct() ? index.lookup(in.field().field().name(), in.values()) : null;
        }
        if (c instanceof SoqlQuery.Or or) {
            Set<String> union = new HashSet<>();
            for (Condition part : or.parts()) {
                Set<String> ids = candidates(index, part);
                if (ids == null) {
                    return null;
                }
                union.addAll(ids);
            }
            return union;
        }
        if (c instanceof SoqlQuery.And and) {
            List<Set<String>> sets = new ArrayList<>();
            for (Condition part : and.parts()) {
                Set<String> ids = candidates(index, part);
                if (ids != null) {
                    sets.add(ids);
                }
            }
            if (sets.isEmpty()) {
                return null;
            }
            sets.sort(Comparator.comparingInt(Set::size));
            Set<String> result = new HashSet<>(sets.get(0));
            for (int i = 1; i < sets.size() && !result.isEmpty(); i++) {
                result.retainAll(sets.get(i));
            }
            return result;
        }
        return null;
    }

    // ---------------------------------------------------------------- values

    /** The record a path's final field lives on (following parent references), or null. */
    StoredRecord holder(StoredRecord record, FieldPath path) {
        StoredRecord current = record;
        for (FieldDef ref : path.references()) {
            Object id = current.get(ref.name());
            if (id == null) {
                return null;
            }
            current = org.findAny(id.toString());
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    Object value(StoredRecord record, FieldPath path) {
        StoredRecord holder = holder(record, path);
        if (holder == null) {
            return null;
        }
        FieldDef actual = org.schema().object(holder.objectName()).field(path.field().name());
        return actual == null ? null : holder.get(actual.name());
    }

    // ---------------------------------------------------------------- filtering

    boolean matches(StoredRecord r, Condition c) {
        if (c instanceof SoqlQuery.And and) {
            return and.parts().stream().allMatch(p -> matches(r, p));
        }
        if (c instanceof SoqlQuery.Or or) {
            return or.parts().stream().anyMatch(p -> matches(r, p));
        }
        if (c instanceof SoqlQuery.Not not) {
            return !matches(r, not.inner());
        }
        if (c instanceof SoqlQuery.Like like) {
            Object v = value(r, like.field());
            return v != null && like.pattern().matcher(v.toString()).matches();
        }
        if (c instanceof SoqlQuery.In in) {
            Object v = value(r, in.field());
            boolean found = in.values().stream().anyMatch(lit -> compare(v, "=", lit));
            return in.negated() != found;
        }
        SoqlQuery.Compare cmp = (SoqlQuery.Compare) c;
        return compare(value(r, cmp.field()), cmp.op(), cmp.value());
    }

    /** SOQL comparison semantics: != and NOT IN include nulls; ordering comparisons never match nulls. */
    static boolean compare(Object value, String op, Literal literal) {
        if (literal instanceof SoqlQuery.Null) {
            return op.equals("=") == (value == null);
        }
        if (value == null) {
            return op.equals("!=");
        }
        if (literal instanceof SoqlQuery.DayRange range) {
            return inRange(value, op, range);
        }
        int cmp = compareTo(value, literal);
        return switch (op) {
            case "=" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            default -> throw new IllegalStateException(op);
        };
    }

    private static int compareTo(Object value, Literal literal) {
        if (literal instanceof SoqlQuery.Text t) {
            return value.toString().compareToIgnoreCase(t.value());
        }
        if (literal instanceof SoqlQuery.Num n) {
            return new BigDecimal(value.toString()).compareTo(n.value());
        }
        if (literal instanceof SoqlQuery.Bool b) {
            return Boolean.compare((Boolean) value, b.value());
        }
        if (literal instanceof SoqlQuery.Day d) {
            return ((LocalDate) value).compareTo(d.value());
        }
        if (literal instanceof SoqlQuery.Moment m) {
            return ((Instant) value).compareTo(m.value());
        }
        throw new IllegalStateException(literal.toString());
    }

    private static boolean inRange(Object value, String op, SoqlQuery.DayRange range) {
        Comparable<Object> start;
        Comparable<Object> end;
        if (value instanceof Instant) {
            start = cast(range.start().atStartOfDay(ZoneOffset.UTC).toInstant());
            end = cast(range.endExclusive().atStartOfDay(ZoneOffset.UTC).toInstant());
        } else {
            start = cast(range.start());
            end = cast(range.endExclusive());
        }
        boolean afterStart = start.compareTo(value) <= 0;
        boolean beforeEnd = end.compareTo(value) > 0;
        return switch (op) {
            case "=" -> afterStart && beforeEnd;
            case "!=" -> !(afterStart && beforeEnd);
            case "<" -> !afterStart;
            case "<=" -> beforeEnd;
            case ">" -> !beforeEnd;
            case ">=" -> afterStart;
            default -> throw new IllegalStateException(op);
        };
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> cast(Object o) {
        return (Comparable<Object>) o;
    }

    // ---------------------------------------------------------------- ordering

    private Comparator<StoredRecord> comparator(List<SoqlQuery.OrderItem> items) {
        Comparator<StoredRecord> result = null;
        for (SoqlQuery.OrderItem item : items) {
            Comparator<Object> values = (a, b) -> {
                if (a instanceof String sa && b instanceof String sb) {
                    return sa.compareToIgnoreCase(sb);
                }
                return cast(a).compareTo(b);
            };
            if (item.descending()) {
                values = values.reversed();
            }
            Comparator<Object> withNulls = item.nullsFirst() ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
            Comparator<StoredRecord> one = (x, y) -> withNulls.compare(value(x, item.field()), value(y, item.field()));
            result = result == null ? one : result.thenComparing(one);
        }
        return result;
    }

    // ---------------------------------------------------------------- output

    private Map<String, Object> render(StoredRecord r, List<FieldPath> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attributes", Org.attributes(r.objectName(), r.id(), version));
        for (FieldPath path : fields) {
            put(out, r, path, 0);
        }
        return out;
    }

    /** Writes one selected path into the output, nesting parent records as Salesforce does. */
    @SuppressWarnings("unchecked")
    private void put(Map<String, Object> out, StoredRecord current, FieldPath path, int depth) {
        if (depth == path.references().size()) {
            FieldDef actual = org.schema().object(current.objectName()).field(path.field().name());
            out.put(path.field().name(), actual == null ? null : FieldValues.toJson(current.get(actual.name())));
            return;
        }
        FieldDef ref = path.references().get(depth);
        Object parentId = current.get(ref.name());
        StoredRecord parent = parentId == null ? null : org.findAny(parentId.toString());
        if (parent == null) {
            out.putIfAbsent(ref.relationshipName(), null);
            return;
        }
        Object existing = out.get(ref.relationshipName());
        Map<String, Object> nested;
        if (existing instanceof Map<?, ?> map) {
            nested = (Map<String, Object>) map;
        } else {
            nested = new LinkedHashMap<>();
            nested.put("attributes", Org.attributes(parent.objectName(), parent.id(), version));
            out.put(ref.relationshipName(), nested);
        }
        put(nested, parent, path, depth + 1);
    }
}
