package io.switchboard.emulator;

import io.switchboard.emulator.SoslQuery.Expr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs SOSL against the search index view of each record (see {@link StoredRecord#searchView}).
 * <p>
 * Matching: text is split into lower-case words on anything that is not a letter or digit, and a term matches when
 * its words occur consecutively in one field (so {@code ann@example.com} matches that email in any case). Phone
 * fields compare digits only: a phone-like term (only digits and {@code + ( ) - .}, at least 4 digits) matches when
 * the stored digits equal the term's digits or end with them, or when the term's digits end with stored digits of
 * at least 7 digits (a term with a country code finds a number stored without one).
 */
final class SoslEngine {

    private final Org org;
    private final String version;
    private final Instant now;

    SoslEngine(Org org, String version, Instant now) {
        this.org = org;
        this.version = version;
        this.now = now;
    }

    List<Map<String, Object>> execute(SoslQuery search) {
        List<Map<String, Object>> out = new ArrayList<>();
        SoqlEngine soql = new SoqlEngine(org, version, now);
        for (SoqlQuery target : search.targets()) {
            java.util.Set<String> hits = new java.util.HashSet<>();
            List<FieldDef> fields = searchable(target.object(), search.scope());
            ObjectIndex index = target.countOnly() || target.aggregate() ? null : org.index(target.object());
            java.util.Set<String> candidates = index == null ? null : candidates(index, search.search(), fields);
            for (StoredRecord r : candidates == null ? org.scan(target.object()) : index.inTableOrder(candidates)) {
                Map<String, Object> view = r.searchView(now);
                if (r.deleted() || view == null || !matches(search.search(), view, fields)) {
                    continue;
                }
                hits.add(r.id());
            }
            if (hits.isEmpty()) {
                continue;
            }
            if (index != null) {
                // only the hits are ordered and rendered; the same rows, in the same order, as filtering below
                for (Map<String, Object> row : soql.execute(target, false, hits).records()) {
                    if (out.size() < search.limit()) {
                        out.add(row);
                    }
                }
                continue;
            }
            for (Map<String, Object> row : soql.execute(target, false).records()) {
                @SuppressWarnings("unchecked")
                String url = ((Map<String, Object>) row.get("attributes")).get("url").toString();
                if (hits.contains(url.substring(url.lastIndexOf('/') + 1)) && out.size() < search.limit()) {
                    out.add(row);
                }
            }
        }
        return out;
    }

    /**
     * Ids of the records a search expression may match, from the phone index, or null to scan: a phone-like term
     * is looked up when every searched field is a phone field (IN PHONE FIELDS); an OR needs every part looked up,
     * an AND at least one, AND NOT its left side. Only narrows: {@link #execute} still matches every candidate.
     */
    private static java.util.Set<String> candidates(ObjectIndex index, Expr expr, List<FieldDef> fields) {
        if (expr instanceof SoslQuery.AllOf all) {
            java.util.Set<String> result = null;
            for (Expr part : all.parts()) {
                java.util.Set<String> ids = candidates(index, part, fields);
                if (ids != null) {
                    if (result == null) {
                        result = new java.util.HashSet<>(ids);
                    } else {
                        result.retainAll(ids);
                    }
                }
            }
            return result;
        }
        if (expr instanceof SoslQuery.AnyOf any) {
            java.util.Set<String> union = new java.util.HashSet<>();
            for (Expr part : any.parts()) {
                java.util.Set<String> ids = candidates(index, part, fields);
                if (ids == null) {
                    return null;
                }
                union.addAll(ids);
            }
            return union;
        }
        if (expr instanceof SoslQuery.Without without) {
            return candidates(index, without.left(), fields);
        }
        SoslQuery.Term term = (SoslQuery.Term) expr;
        if (fields.isEmpty()) {
            return java.util.Set.of();
        }
        if (term.digits() == null || fields.stream().anyMatch(f -> f.type() != FieldType.PHONE)) {
            return null;
        }
        return index.phoneCandidates(fields.stream().map(FieldDef::name).toList(), term.digits());
    }

    private static List<FieldDef> searchable(ObjectDef def, String scope) {
        List<FieldDef> fields = new ArrayList<>();
        for (FieldDef f : def.fields()) {
            boolean include = switch (scope) {
                case "NAME" -> f.nameField() || f.name().equals("FirstName") || f.name().equals("LastName");
                case "EMAIL" -> f.type() == FieldType.EMAIL;
                case "PHONE" -> f.type() == FieldType.PHONE;
                default -> f.type() == FieldType.STRING || f.type() == FieldType.TEXTAREA || f.type() == FieldType.EMAIL
                        || f.type() == FieldType.PHONE || f.type() == FieldType.URL;
            };
            if (include) {
                fields.add(f);
            }
        }
        return fields;
    }

    private static boolean matches(Expr expr, Map<String, Object> view, List<FieldDef> fields) {
        if (expr instanceof SoslQuery.AllOf all) {
            return all.parts().stream().allMatch(p -> matches(p, view, fields));
        }
        if (expr instanceof SoslQuery.AnyOf any) {
            return any.parts().stream().anyMatch(p -> matches(p, view, fields));
        }
        if (expr instanceof SoslQuery.Without without) {
            return matches(without.left(), view, fields) && !matches(without.right(), view, fields);
        }
        SoslQuery.Term term = (SoslQuery.Term) expr;
        for (FieldDef f : fields) {
            Object value = view.get(f.name());
            if (value == null) {
                continue;
            }
            String text = value.toString();
            if (f.type() == FieldType.PHONE && term.digits() != null) {
                if (phoneMatches(phoneDigits(text), term.digits())) {
                    return true;
                }
                continue;
            }
            if (wordsMatch(words(text), term.words())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The digits of a stored phone number without its extension ("415-555-0134 ext. 12", "x12", "#12"): the search
     * index finds the number whatever extension is written after it.
     */
    static String phoneDigits(String stored) {
        java.util.regex.Matcher ext = EXTENSION.matcher(stored);
        String number = ext.find() ? stored.substring(0, ext.start()) : stored;
        return number.replaceAll("\\D", "");
    }

    private static final Pattern EXTENSION =
            Pattern.compile("(?i)(?<=\\d)\\s*(;\\s*ext=|ext\\.?|extension|x|#)\\s*\\d+\\s*$");

    static boolean phoneMatches(String stored, String searched) {
        if (stored.isEmpty()) {
            return false;
        }
        return stored.equals(searched) || stored.endsWith(searched)
                || (stored.length() >= 7 && searched.endsWith(stored));
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static boolean wordsMatch(List<String> fieldWords, List<String> termWords) {
        if (termWords.isEmpty()) {
            return false;
        }
        List<Pattern> patterns = termWords.stream().map(SoslEngine::wordPattern).toList();
        for (int start = 0; start + patterns.size() <= fieldWords.size(); start++) {
            boolean all = true;
            for (int i = 0; i < patterns.size() && all; i++) {
                all = patterns.get(i).matcher(fieldWords.get(start + i)).matches();
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static Pattern wordPattern(String word) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\u0000') {
                regex.append(Pattern.quote(String.valueOf(word.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE);
    }
}
