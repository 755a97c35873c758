package io.switchboard.emulator;

import io.switchboard.emulator.SoslQuery.Expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code FIND {terms} [IN ALL|NAME|EMAIL|PHONE FIELDS] [RETURNING Object[(fields [WHERE ...] [ORDER BY ...]
 * [LIMIT n])], ...] [LIMIT n]}.
 * <p>
 * Inside the braces, Salesforce's reserved characters {@code ? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -} must be escaped
 * with a backslash. Unescaped, these have a meaning: {@code *} and {@code ?} are wildcards, {@code "..."} is a
 * phrase and {@code ( )} group; AND, OR and AND NOT combine terms (terms side by side mean AND). Any other unescaped
 * reserved character is MALFORMED_SEARCH, as in a real org.
 */
final class SoslParser {

    private static final String RESERVED = "?&|!{}[]()^~*:\\\"'+-";
    private static final Pattern HEAD = Pattern.compile("(?is)^\\s*FIND\\s*\\{");
    private static final Pattern SCOPE = Pattern.compile("(?is)^\\s*IN\\s+(ALL|NAME|EMAIL|PHONE|SIDEBAR)\\s+FIELDS\\b");
    private static final Pattern RETURNING = Pattern.compile("(?is)^\\s*RETURNING\\b");
    private static final Pattern OBJECT = Pattern.compile("(?s)^\\s*([A-Za-z][A-Za-z0-9_]*)");
    private static final Pattern LIMIT = Pattern.compile("(?is)^\\s*LIMIT\\s+(\\d+)\\s*$");
    private static final Pattern SUBCLAUSE = Pattern.compile("(?i)\\b(WHERE|ORDER\\s+BY|LIMIT|OFFSET)\\b");

    private SoslParser() {
    }

    static ApiException malformed(String message) {
        return ApiException.badRequest("MALFORMED_SEARCH", message);
    }

    static SoslQuery parse(String sosl, Schema schema) {
        if (sosl == null || sosl.isBlank()) {
            throw malformed("No search term found. The search term must be enclosed in braces.");
        }
        Matcher head = HEAD.matcher(sosl);
        if (!head.find()) {
            throw malformed("No search term found. The search term must be enclosed in braces.");
        }
        int close = closingBrace(sosl, head.end());
        Expr search = new TermParser(sosl.substring(head.end(), close)).parse();
        String rest = sosl.substring(close + 1);
        String scope = "ALL";
        Matcher m = SCOPE.matcher(rest);
        if (m.find()) {
            scope = m.group(1).toUpperCase(Locale.ROOT);
            scope = scope.equals("SIDEBAR") ? "ALL" : scope;
            rest = rest.substring(m.end());
        }
        List<SoqlQuery> targets = new ArrayList<>();
        m = RETURNING.matcher(rest);
        if (m.find()) {
            rest = rest.substring(m.end());
            while (true) {
                Matcher obj = OBJECT.matcher(rest);
                if (!obj.find()) {
                    throw malformed("unexpected token after RETURNING: '" + rest.trim() + "'");
                }
                String objectName = obj.group(1);
                rest = rest.substring(obj.end());
                String inner = "Id";
                String trimmed = rest.stripLeading();
                if (trimmed.startsWith("(")) {
                    int end = closingParen(trimmed);
                    inner = trimmed.substring(1, end);
                    rest = trimmed.substring(end + 1);
                }
                targets.add(target(objectName, inner, schema));
                trimmed = rest.stripLeading();
                if (trimmed.startsWith(",")) {
                    rest = trimmed.substring(1);
                    continue;
                }
                break;
            }
        } else {
            for (String name : List.of("Account", "Contact", "Lead", "Opportunity", "Case", "Campaign")) {
                if (schema.object(name) != null) {
                    targets.add(target(name, "Id", schema));
                }
            }
        }
        int limit = 2000;
        if (!rest.isBlank()) {
            Matcher lm = LIMIT.matcher(rest);
            if (!lm.find()) {
                throw malformed("unexpected token: '" + rest.trim().split("\\s+")[0] + "'");
            }
            limit = Integer.parseInt(lm.group(1));
        }
        return new SoslQuery(search, scope, targets, limit);
    }

    /** Index of the '}' that closes FIND {, skipping backslash escapes. */
    private static int closingBrace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '}') {
                return i;
            }
        }
        throw malformed("No search term found. The search term must be enclosed in braces.");
    }

    private static int closingParen(String text) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw malformed("unexpected token: <EOF>, expecting ')'");
    }

    /** The RETURNING object's field list and clauses become a SOQL query over that object. */
    private static SoqlQuery target(String objectName, String inner, Schema schema) {
        ObjectDef def = schema.object(objectName);
        if (def == null) {
            throw ApiException.badRequest("INVALID_TYPE", "sObject type '" + objectName + "' is not supported.");
        }
        Matcher clause = SUBCLAUSE.matcher(inner);
        String fields = inner;
        String clauses = "";
        if (clause.find()) {
            fields = inner.substring(0, clause.start());
            clauses = inner.substring(clause.start());
        }
        if (fields.isBlank()) {
            fields = "Id";
        }
        return SoqlParser.parse("SELECT " + fields.trim() + " FROM " + def.name() + " " + clauses, schema);
    }

    // ---------------------------------------------------------------- terms inside the braces

    private static final class TermParser {
        private final List<String> tokens = new ArrayList<>();
        private final List<Boolean> quoted = new ArrayList<>();
        private int index;

        /** A whole search text that is one phone number, e.g. {@code +1 \\(415\\) 555\\-0134}. */
        private final Expr phone;

        TermParser(String text) {
            String unescaped = text.replaceAll("\\\\(.)", "$1");
            if (unescaped.matches("\\s*[0-9+().\\-\\s]+") && unescaped.replaceAll("\\D", "").length() >= 4
                    && validPhoneEscapes(text)) {
                phone = new SoslQuery.Term(unescaped.trim(), List.of(unescaped.replaceAll("\\D", "")),
                        unescaped.replaceAll("\\D", ""));
            } else {
                phone = null;
                lex(text);
            }
        }

        /** Reserved characters in a phone number must still be escaped. */
        private static boolean validPhoneEscapes(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if ("+()-".indexOf(c) >= 0) {
                    return false;
                }
            }
            return true;
        }

        private void lex(String text) {
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= text.length()) {
                        throw malformed("Invalid search term: trailing backslash");
                    }
                    char escaped = text.charAt(++i);
                    // keep escaped wildcards distinguishable from real ones
                    word.append(escaped == '*' || escaped == '?' ? "\u0000" + escaped : String.valueOf(escaped));
                } else if (Character.isWhitespace(c)) {
                    flush(word, false);
                } else if (c == '(' || c == ')') {
                    flush(word, false);
                    tokens.add(String.valueOf(c));
                    quoted.add(false);
                } else if (c == '"') {
                    flush(word, false);
                    int end = i + 1;
                    StringBuilder phrase = new StringBuilder();
                    while (end < text.length() && text.charAt(end) != '"') {
                        char p = text.charAt(end);
                        if (p == '\\' && end + 1 < text.length()) {
                            phrase.append(text.charAt(++end));
                        } else {
                            phrase.append(p);
                        }
                        end++;
                    }
                    if (end >= text.length()) {
                        throw malformed("Invalid search term: unmatched quote");
                    }
                    tokens.add(phrase.toString());
                    quoted.add(true);
                    i = end;
                } else if (c == '*' || c == '?') {
                    word.append(c);
                } else if (RESERVED.indexOf(c) >= 0) {
                    throw malformed("line 1:" + i + " mismatched character '" + c + "'. Reserved characters in a"
                            + " search term must be escaped with a backslash.");
                } else {
                    word.append(c);
                }
            }
            flush(word, false);
        }

        private void flush(StringBuilder word, boolean isQuoted) {
            if (!word.isEmpty()) {
                tokens.add(word.toString());
                quoted.add(isQuoted);
                word.setLength(0);
            }
        }

        Expr parse() {
            if (phone != null) {
                return phone;
            }
            if (tokens.isEmpty()) {
                throw malformed("No search term found. The search term must be enclosed in braces.");
            }
            Expr expr = or();
            if (index < tokens.size()) {
                throw malformed("unexpected token: '" + tokens.get(index) + "'");
            }
            return expr;
        }

        private boolean keyword(String word) {
            return index < tokens.size() && !quoted.get(index) && tokens.get(index).equalsIgnoreCase(word);
        }

        private Expr or() {
            List<Expr> parts = new ArrayList<>();
            parts.add(and());
            while (keyword("OR")) {
                index++;
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new SoslQuery.AnyOf(parts);
        }

        private Expr and() {
            Expr left = unit();
            List<Expr> parts = new ArrayList<>();
            parts.add(left);
            while (index < tokens.size() && !keyword("OR") && !tokens.get(index).equals(")")) {
                if (keyword("AND")) {
                    index++;
                    if (keyword("NOT")) {
                        index++;
                        Expr excluded = unit();
                        Expr soFar = parts.size() == 1 ? parts.get(0) : new SoslQuery.AllOf(List.copyOf(parts));
                        parts.clear();
                        parts.add(new SoslQuery.Without(soFar, excluded));
                        continue;
                    }
                }
                parts.add(unit());
            }
            return parts.size() == 1 ? parts.get(0) : new SoslQuery.AllOf(parts);
        }

        private Expr unit() {
            if (index >= tokens.size()) {
                throw malformed("unexpected end of search term");
            }
            String token = tokens.get(index);
            boolean isQuoted = quoted.get(index);
            index++;
            if (!isQuoted && token.equals("(")) {
                Expr inner = or();
                if (index >= tokens.size() || !tokens.get(index).equals(")")) {
                    throw malformed("unexpected end of search term, expecting ')'");
                }
                index++;
                return inner;
            }
            if (!isQuoted && token.equals(")")) {
                throw malformed("unexpected token: ')'");
            }
            return term(token);
        }

        private static Expr term(String token) {
            String literal = token.replace("\u0000", "");
            String letters = literal.replaceAll("[*?]", "");
            if (letters.length() < 2) {
                throw malformed("search term must be longer than one character: " + literal);
            }
            List<String> words = new ArrayList<>();
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c == '\u0000') {
                    // an escaped wildcard is a plain character: punctuation separates words
                    i++;
                    if (!w.isEmpty()) {
                        words.add(w.toString());
                        w.setLength(0);
                    }
                } else if (Character.isLetterOrDigit(c) || c == '*' || c == '?') {
                    w.append(Character.toLowerCase(c));
                } else if (!w.isEmpty()) {
                    words.add(w.toString());
                    w.setLength(0);
                }
            }
            if (!w.isEmpty()) {
                words.add(w.toString());
            }
            String digits = literal.replaceAll("\\D", "");
            boolean phoneLike = literal.matches("[0-9+().\\-\\s]+") && digits.length() >= 4;
            return new SoslQuery.Term(literal, words, phoneLike ? digits : null);
        }
    }
}
