package io.switchboard.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits SOQL text into tokens. String literals keep their raw (still escaped) text: how escapes are read depends
 * on whether the literal follows LIKE, which only the parser knows. */
final class SoqlLexer {

    enum Kind { IDENT, STRING, NUMBER, DATE, DATETIME, SYMBOL, EOF }

    /** One token; {@code pos} is the offset in the query, used for Salesforce's Row/Column error messages. */
    record Token(Kind kind, String text, int pos) {
        boolean is(String keyword) {
            return (kind == Kind.IDENT || kind == Kind.SYMBOL) && text.equalsIgnoreCase(keyword);
        }
    }

    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private SoqlLexer() {
    }

    static List<Token> tokenize(String soql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = soql.length();
        while (i < n) {
            char c = soql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(soql.charAt(i)) || soql.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, soql.substring(start, i), start));
            } else if (c == '\'') {
                int start = i++;
                StringBuilder raw = new StringBuilder();
                boolean closed = false;
                while (i < n) {
                    char d = soql.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        raw.append(d).append(soql.charAt(i + 1));
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        raw.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw SoqlParser.malformed(soql, start, "line 1:" + start + " mismatched character '<EOF>' expecting '''");
                }
                tokens.add(new Token(Kind.STRING, raw.toString(), start));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(soql.charAt(i + 1)))) {
                Token t = number(soql, i);
                tokens.add(t);
                i += t.text().length();
            } else {
                String two = i + 1 < n ? soql.substring(i, i + 2) : "";
                if (two.equals("!=") || two.equals("<>") || two.equals("<=") || two.equals(">=")) {
                    tokens.add(new Token(Kind.SYMBOL, two, i));
                    i += 2;
                } else if ("(),=<>.:".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                    i++;
                } else {
                    throw SoqlParser.malformed(soql, i, "line 1:" + i + " no viable alternative at character '" + c + "'");
                }
            }
        }
        tokens.add(new Token(Kind.EOF, "<EOF>", n));
        return tokens;
    }

    private static Token number(String soql, int start) {
        for (var entry : List.of(java.util.Map.entry(Kind.DATETIME, DATETIME), java.util.Map.entry(Kind.DATE, DATE),
                java.util.Map.entry(Kind.NUMBER, NUMBER))) {
            Matcher m = entry.getValue().matcher(soql).region(start, soql.length());
            if (m.lookingAt()) {
                int end = m.end();
                boolean glued = end < soql.length() && (Character.isLetterOrDigit(soql.charAt(end)) || soql.charAt(end) == '_');
                if (entry.getKey() == Kind.DATE && end < soql.length() && soql.charAt(end) == 'T') {
                    // a datetime without a valid zone: Salesforce rejects it
                    throw SoqlParser.malformed(soql, start, "line 1:" + start + " no viable alternative at character 'T'");
                }
                if (!glued) {
                    return new Token(entry.getKey(), m.group(), start);
                }
            }
        }
        throw SoqlParser.malformed(soql, start, "unexpected token: '" + soql.substring(start).split("\\s")[0] + "'");
    }
}
