package io.switchboard.emulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Equality indexes over one object's records (live and deleted), used by the SOQL engine to find the candidates of
 * {@code field = literal} and {@code field IN (...)} terms without comparing every record with every value.
 * <p>
 * An index only narrows the records to look at: it returns a superset of the records whose value equals a literal
 * under {@link SoqlEngine#compare} ({@code =} on strings ignores case as {@link String#compareToIgnoreCase} does, on
 * numbers it compares decimal values), and the caller still evaluates the full WHERE on each candidate, so results
 * are the same as a scan's.
 * <p>
 * Created lazily per object on first use (from the table as it stands), field indexes lazily per field and literal
 * kind; from then on {@link Org} reports every change of the table through {@link #replaced}. Thread safety follows
 * the store's lock: changes happen only under the write lock; indexes are built and read under the read (or write)
 * lock, and published through concurrent maps, so parallel readers may build them.
 */
final class ObjectIndex {

    /** How a literal compares with a stored value: decides the key a stored value is filed under. */
    enum Kind { TEXT, NUM, BOOL, DAY, MOMENT }

    /** The live table of the object, in creation order; read only under the store's lock. */
    private final Map<String, StoredRecord> table;
    /** Each record's rank in the table's iteration order, so candidates can be returned in scan order. */
    private final Map<String, Long> positions = new HashMap<>();
    private long nextPosition;
    private final Map<String, FieldIndex> fields = new ConcurrentHashMap<>();
    /** Stored phone digits by field set (see {@link #phoneCandidates}), built lazily like {@link #fields}. */
    private final Map<List<String>, PhoneIndex> phones = new ConcurrentHashMap<>();

    ObjectIndex(Map<String, StoredRecord> table) {
        this.table = table;
        for (String id : table.keySet()) {
            positions.put(id, nextPosition++);
        }
    }

    /**
     * The table's entry for one id changed from {@code previous} to {@code current} (either may be null: a record
     * was added or removed). Called under the write lock, after the table was changed.
     */
    void replaced(StoredRecord previous, StoredRecord current) {
        if (previous == null && current != null) {
            // a new key goes to the end of a LinkedHashMap, and so of the scan order
            positions.put(current.id(), nextPosition++);
        } else if (previous != null && current == null) {
            positions.remove(previous.id());
        }
        for (FieldIndex index : fields.values()) {
            if (previous != null) {
                index.remove(previous);
            }
            if (current != null) {
                index.add(current);
            }
        }
        for (PhoneIndex index : phones.values()) {
            if (previous != null) {
                index.remove(previous);
            }
            if (current != null) {
                index.add(current);
            }
        }
    }

    /**
     * Ids of the records (live or deleted) whose current or previously indexed version (see
     * {@link StoredRecord#searchView}) holds, in one of these phone fields, a number that {@link SoslEngine#phoneMatches}
     * a searched number's digits (4 or more): a superset of the records a SOSL phone term matches at any time, which
     * the caller still tests exactly. Null when the digits are too short to look up.
     */
    Set<String> phoneCandidates(List<String> phoneFields, String searchedDigits) {
        if (searchedDigits.length() < PhoneIndex.KEY_DIGITS) {
            return null;
        }
        PhoneIndex index = phones.computeIfAbsent(List.copyOf(phoneFields), k -> {
            PhoneIndex built = new PhoneIndex(k);
            for (StoredRecord r : table.values()) {
                built.add(r);
            }
            return built;
        });
        return index.lookup(searchedDigits);
    }

    /**
     * Ids of the records that may equal one of the literals on a direct field of this object, or null when a literal
     * cannot be looked up (date ranges such as TODAY).
     */
    Set<String> lookup(String field, Collection<SoqlQuery.Literal> literals) {
        Set<String> out = new HashSet<>();
        for (SoqlQuery.Literal literal : literals) {
            if (literal instanceof SoqlQuery.Null) {
                out.addAll(fieldIndex(field, Kind.TEXT).nulls);
                continue;
            }
            Kind kind = kindOf(literal);
            if (kind == null) {
                return null;
            }
            FieldIndex index = fieldIndex(field, kind);
            Set<String> bucket = index.buckets.get(literalKey(literal));
            if (bucket != null) {
                out.addAll(bucket);
            }
            out.addAll(index.unkeyable);
        }
        return out;
    }

    /** Candidate records whose value of a text field may equal {@code value} ignoring case, in scan order. */
    List<StoredRecord> textCandidates(String field, String value) {
        return inTableOrder(lookup(field, List.of(new SoqlQuery.Text(value))));
    }

    /** The records with these ids, in the order a scan of the table visits them. */
    List<StoredRecord> inTableOrder(Set<String> ids) {
        List<StoredRecord> out = new ArrayList<>(ids.size());
        if (ids.size() > table.size() / 8) {
            for (StoredRecord r : table.values()) {
                if (ids.contains(r.id())) {
                    out.add(r);
                }
            }
            return out;
        }
        List<String> ordered = new ArrayList<>(ids);
        ordered.sort((a, b) -> Long.compare(positions.get(a), positions.get(b)));
        for (String id : ordered) {
            out.add(table.get(id));
        }
        return out;
    }

    private FieldIndex fieldIndex(String field, Kind kind) {
        return fields.computeIfAbsent(kind + ":" + field, k -> {
            FieldIndex index = new FieldIndex(field, kind);
            for (StoredRecord r : table.values()) {
                index.add(r);
            }
            return index;
        });
    }

    private static Kind kindOf(SoqlQuery.Literal literal) {
        if (literal instanceof SoqlQuery.Text) {
            return Kind.TEXT;
        }
        if (literal instanceof SoqlQuery.Num) {
            return Kind.NUM;
        }
        if (literal instanceof SoqlQuery.Bool) {
            return Kind.BOOL;
        }
        if (literal instanceof SoqlQuery.Day) {
            return Kind.DAY;
        }
        if (literal instanceof SoqlQuery.Moment) {
            return Kind.MOMENT;
        }
        return null;
    }

    private static Object literalKey(SoqlQuery.Literal literal) {
        if (literal instanceof SoqlQuery.Text t) {
            return fold(t.value());
        }
        if (literal instanceof SoqlQuery.Num n) {
            return n.value().stripTrailingZeros();
        }
        if (literal instanceof SoqlQuery.Bool b) {
            return b.value();
        }
        if (literal instanceof SoqlQuery.Day d) {
            return d.value();
        }
        if (literal instanceof SoqlQuery.Moment m) {
            return m.value();
        }
        throw new IllegalStateException(literal.toString());
    }

    /**
     * The key a non-null stored value is filed under for literals of a kind, mirroring {@link SoqlEngine#compare}:
     * equal keys whenever compare says "=". Null when the value has no key (compare would fail on it): such records
     * are returned for every lookup, so that evaluating them behaves as in a scan.
     */
    static Object valueKey(Kind kind, Object value) {
        return switch (kind) {
            case TEXT -> fold(value.toString());
            case NUM -> {
                try {
                    yield new BigDecimal(value.toString()).stripTrailingZeros();
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            case BOOL -> value instanceof Boolean ? value : null;
            case DAY -> value instanceof LocalDate ? value : null;
            case MOMENT -> value instanceof Instant ? value : null;
        };
    }

    /**
     * Case folding for {@link String#compareToIgnoreCase}: it takes two characters as equal when they are equal, or
     * their upper cases are, or the lower cases of their upper cases are; each implies equal
     * {@code toLowerCase(toUpperCase(c))}, so strings equal ignoring case fold to the same key.
     */
    static String fold(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c < 128 && !(c >= 'A' && c <= 'Z');
        }
        if (plain) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return out.toString();
    }

    /** Ids by key of one field's values, for one literal kind. */
    private static final class FieldIndex {
        final String field;
        final Kind kind;
        final Map<Object, Set<String>> buckets = new HashMap<>();
        final Set<String> nulls = new HashSet<>();
        final Set<String> unkeyable = new HashSet<>();

        FieldIndex(String field, Kind kind) {
            this.field = field;
            this.kind = kind;
        }

        void add(StoredRecord r) {
            Object value = r.get(field);
            if (value == null) {
                nulls.add(r.id());
                return;
            }
            Object key = valueKey(kind, value);
            if (key == null) {
                unkeyable.add(r.id());
            } else {
                buckets.computeIfAbsent(key, k -> new HashSet<>(2)).add(r.id());
            }
        }

        void remove(StoredRecord r) {
            Object value = r.get(field);
            if (value == null) {
                nulls.remove(r.id());
                return;
            }
            Object key = valueKey(kind, value);
            if (key == null) {
                unkeyable.remove(r.id());
                return;
            }
            Set<String> bucket = buckets.get(key);
            if (bucket != null) {
                bucket.remove(r.id());
                if (bucket.isEmpty()) {
                    buckets.remove(key);
                }
            }
        }
    }

    /**
     * The digits ({@link SoslEngine#phoneDigits}) of every stored phone number of some fields, in both versions a
     * record may show the search index, filed by their last four digits, then by all digits. Every match of the
     * phone rule ({@code stored = searched}, {@code stored} ends with {@code searched}, or {@code searched} ends with
     * a {@code stored} of 7 or more digits) with {@code searched} of at least 4 digits shares the last four digits of
     * {@code searched}, and stored numbers of fewer than 4 digits never match such a term; so looking up the last
     * four digits and testing each distinct stored number with the rule finds exactly the matching numbers.
     */
    private static final class PhoneIndex {
        static final int KEY_DIGITS = 4;

        final List<String> phoneFields;
        /** last 4 digits, then all digits, then the ids holding them (with a count per id, as versions may share). */
        final Map<String, Map<String, Map<String, Integer>>> byLastDigits = new HashMap<>();

        PhoneIndex(List<String> phoneFields) {
            this.phoneFields = phoneFields;
        }

        Set<String> lookup(String searched) {
            Set<String> out = new HashSet<>();
            Map<String, Map<String, Integer>> bucket = byLastDigits.get(key(searched));
            if (bucket != null) {
                bucket.forEach((stored, ids) -> {
                    if (SoslEngine.phoneMatches(stored, searched)) {
                        out.addAll(ids.keySet());
                    }
                });
            }
            return out;
        }

        void add(StoredRecord r) {
            for (String digits : digits(r)) {
                byLastDigits.computeIfAbsent(key(digits), k -> new HashMap<>())
                        .computeIfAbsent(digits, k -> new HashMap<>(2)).merge(r.id(), 1, Integer::sum);
            }
        }

        void remove(StoredRecord r) {
            for (String digits : digits(r)) {
                Map<String, Map<String, Integer>> bucket = byLastDigits.get(key(digits));
                Map<String, Integer> ids = bucket == null ? null : bucket.get(digits);
                if (ids == null) {
                    continue;
                }
                if (ids.merge(r.id(), -1, Integer::sum) <= 0) {
                    ids.remove(r.id());
                }
                if (ids.isEmpty()) {
                    bucket.remove(digits);
                    if (bucket.isEmpty()) {
                        byLastDigits.remove(key(digits));
                    }
                }
            }
        }

        /** The indexable digit strings of a record version pair (one entry per field and version). */
        private List<String> digits(StoredRecord r) {
            List<String> out = new ArrayList<>();
            addDigits(r.fields(), out);
            if (r.indexedFields() != null && r.indexedFields() != r.fields()) {
                addDigits(r.indexedFields(), out);
            }
            return out;
        }

        private void addDigits(Map<String, Object> version, List<String> out) {
            for (String field : phoneFields) {
                Object value = version.get(field);
                if (value != null) {
                    String digits = SoslEngine.phoneDigits(value.toString());
                    if (digits.length() >= KEY_DIGITS) {
                        out.add(digits);
                    }
                }
            }
        }

        private static String key(String digits) {
            return digits.substring(digits.length() - KEY_DIGITS);
        }
    }
}
