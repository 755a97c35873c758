package io.switchboard.emulator;

import io.switchboard.emulator.SoqlLexer.Kind;
import io.switchboard.emulator.SoqlLexer.Token;
import io.switchboard.emulator.SoqlQuery.Condition;
import io.switchboard.emulator.SoqlQuery.FieldPath;
import io.switchboard.emulator.SoqlQuery.Literal;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for the SOQL subset the emulator supports:
 * <pre>
 * query     := SELECT selection FROM object [WHERE condition] [ORDER BY order (, order)*] [LIMIT n] [OFFSET n]
 * selection := COUNT() | COUNT(field) [alias] | path (, path)*
 * condition := unary ((AND unary)* | (OR unary)*)        -- AND and OR may not be mixed without parentheses
 * unary     := NOT unary | '(' condition ')' | path op literal | path [NOT] IN (literal, ...) | path LIKE 'text'
 * </pre>
 * Fields are resolved against the schema while parsing so that errors carry Salesforce's codes and positions.
 */
final class SoqlParser {

    private static final Set<String> OPERATORS = Set.of("=", "!=", "<>", "<", "<=", ">", ">=");

    private final String soql;
    private final List<Token> tokens;
    private final Schema schema;
    private final LocalDate today;
    private int index;
    private ObjectDef object;

    private SoqlParser(String soql, Schema schema, LocalDate today) {
        this.soql = soql;
        this.tokens = SoqlLexer.tokenize(soql);
        this.schema = schema;
        this.today = today;
    }

    static SoqlQuery parse(String soql, Schema schema) {
        return parse(soql, schema, LocalDate.now(ZoneOffset.UTC));
    }

    static SoqlQuery parse(String soql, Schema schema, LocalDate today) {
        if (soql == null || soql.isBlank()) {
            throw ApiException.badRequest("MALFORMED_QUERY", "A query string has to be specified");
        }
        return new SoqlParser(soql, schema, today).query();
    }

    // ---------------------------------------------------------------- errors

    static ApiException malformed(String soql, int pos, String message) {
        return ApiException.badRequest("MALFORMED_QUERY", located(soql, pos, message));
    }

    /** Salesforce's error layout: the query line, a caret, then "ERROR at Row:r:Column:c" and the message. */
    static String located(String text, int pos, String message) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
        if (pos == 0) {
            lineStart = 0;
        }
        int lineEnd = text.indexOf('\n', pos);
        String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
        int row = 1;
        for (int i = 0; i < lineStart; i++) {
            if (text.charAt(i) == '\n') {
                row++;
            }
        }
        int column = pos - lineStart + 1;
        return "\n" + line + "\n" + " ".repeat(Math.max(0, column - 1)) + "^\nERROR at Row:" + row + ":Column:"
                + column + "\n" + message;
    }

    private ApiException unexpected(Token t) {
        return malformed(soql, t.pos(), "unexpected token: " + (t.kind() == Kind.EOF ? "<EOF>" : "'" + t.text() + "'"));
    }

    private ApiException invalidField(Token at, String message) {
        return ApiException.badRequest("INVALID_FIELD", located(soql, at.pos(), message));
    }

    // ---------------------------------------------------------------- token helpers

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        return tokens.get(index++);
    }

    private boolean accept(String keyword) {
        if (peek().is(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    private Token expect(String keyword) {
        Token t = next();
        if (!t.is(keyword)) {
            throw unexpected(t);
        }
        return t;
    }

    private Token identifier() {
        Token t = next();
        if (t.kind() != Kind.IDENT) {
            throw unexpected(t);
        }
        return t;
    }

    // ---------------------------------------------------------------- grammar

    private SoqlQuery query() {
        expect("SELECT");
        List<List<Token>> rawFields = new ArrayList<>();
        boolean countOnly = false;
        String countAlias = null;
        Token countArgument = null;
        if (peek().is("COUNT") && tokens.get(index + 1).is("(")) {
            index += 2;
            if (accept(")")) {
                countOnly = true;
            } else {
                countArgument = identifier();
                expect(")");
                countAlias = peek().kind() == Kind.IDENT && !peek().is("FROM") ? next().text() : "expr0";
            }
        } else {
            do {
                rawFields.add(path());
            } while (accept(","));
        }
        expect("FROM");
        Token objectToken = identifier();
        object = schema.object(objectToken.text());
        if (object == null) {
            throw ApiException.badRequest("INVALID_TYPE", located(soql, objectToken.pos(), "sObject type '"
                    + objectToken.text() + "' is not supported. If you are attempting to use a custom object, be sure"
                    + " to append the '__c' after the entity name. Please reference your WSDL or the describe call"
                    + " for the appropriate names."));
        }
        List<FieldPath> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<Token> raw : rawFields) {
            FieldPath path = resolve(raw);
            if (!seen.add(path.text().toLowerCase(Locale.ROOT))) {
                throw malformed(soql, raw.get(0).pos(), "duplicate field selected: " + path.text());
            }
            fields.add(path);
        }
        if (countArgument != null) {
            resolve(List.of(countArgument));
        }
        Condition where = accept("WHERE") ? condition() : null;
        List<SoqlQuery.OrderItem> orderBy = new ArrayList<>();
        if (accept("ORDER")) {
            expect("BY");
            do {
                FieldPath path = resolve(path());
                boolean descending = false;
                if (accept("DESC")) {
                    descending = true;
                } else {
                    accept("ASC");
                }
                boolean nullsFirst = !descending;
                if (accept("NULLS")) {
                    if (accept("FIRST")) {
                        nullsFirst = true;
                    } else {
                        expect("LAST");
                        nullsFirst = false;
                    }
                }
                orderBy.add(new SoqlQuery.OrderItem(path, descending, nullsFirst));
            } while (accept(","));
        }
        Integer limit = accept("LIMIT") ? nonNegativeInt() : null;
        Integer offset = null;
        if (accept("OFFSET")) {
            Token at = peek();
            offset = nonNegativeInt();
            if (offset > 2000) {
                throw ApiException.badRequest("NUMBER_OUTSIDE_VALID_RANGE",
                        located(soql, at.pos(), "Maximum SOQL offset allowed is 2000"));
            }
        }
        if (peek().kind() != Kind.EOF) {
            throw unexpected(peek());
        }
        return new SoqlQuery(object, fields, countOnly, countAlias, where, orderBy, limit, offset);
    }

    private int nonNegativeInt() {
        Token t = next();
        if (t.kind() != Kind.NUMBER || t.text().contains(".") || t.text().startsWith("-")) {
            throw unexpected(t);
        }
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            throw unexpected(t);
        }
    }

    /** Reads a dotted path as raw identifier tokens. */
    private List<Token> path() {
        List<Token> parts = new ArrayList<>();
        parts.add(identifier());
        while (peek().is(".")) {
            index++;
            parts.add(identifier());
        }
        return parts;
    }

    private FieldPath resolve(List<Token> parts) {
        List<ObjectDef> current = List.of(object);
        List<FieldDef> references = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size() - 1; i++) {
            Token part = parts.get(i);
            FieldDef ref = null;
            for (ObjectDef def : current) {
                ref = def.relationship(part.text());
                if (ref != null) {
                    break;
                }
            }
            if (ref == null) {
                throw invalidField(part, "Didn't understand relationship '" + part.text() + "' in field path. If you"
                        + " are attempting to use a custom relationship, be sure to append the '__r' after the custom"
                        + " relationship name. Please reference your WSDL or the describe call for the appropriate names.");
            }
            references.add(ref);
            text.append(ref.relationshipName()).append('.');
            List<ObjectDef> targets = new ArrayList<>();
            for (String target : ref.referenceTo()) {
                ObjectDef def = schema.object(target);
                if (def != null) {
                    targets.add(def);
                }
            }
            current = targets;
        }
        Token last = parts.get(parts.size() - 1);
        FieldDef field = null;
        for (ObjectDef def : current) {
            field = def.field(last.text());
            if (field != null) {
                break;
            }
        }
        if (field == null) {
            String entity = references.isEmpty() ? object.name() : references.get(references.size() - 1).relationshipName();
            throw invalidField(last, "No such column '" + last.text() + "' on entity '" + entity + "'. If you are"
                    + " attempting to use a custom field, be sure to append the '__c' after the custom field name."
                    + " Please reference your WSDL or the describe call for the appropriate names.");
        }
        text.append(field.name());
        return new FieldPath(List.copyOf(references), field, text.toString());
    }

    private Condition condition() {
        List<Condition> parts = new ArrayList<>();
        parts.add(unary());
        String joiner = null;
        while (peek().is("AND") || peek().is("OR")) {
            Token op = next();
            String word = op.text().toUpperCase(Locale.ROOT);
            if (joiner != null && !joiner.equals(word)) {
                // Salesforce requires parentheses when AND and OR are mixed
                throw unexpected(op);
            }
            joiner = word;
            parts.add(unary());
        }
        if (joiner == null) {
            return parts.get(0);
        }
        return joiner.equals("AND") ? new SoqlQuery.And(parts) : new SoqlQuery.Or(parts);
    }

    private Condition unary() {
        if (accept("NOT")) {
            return new SoqlQuery.Not(unary());
        }
        if (accept("(")) {
            Condition inner = condition();
            expect(")");
            return inner;
        }
        Token start = peek();
        FieldPath field = resolve(path());
        Token op = next();
        if (op.is("LIKE")) {
            Token value = next();
            if (value.kind() != Kind.STRING) {
                throw unexpected(value);
            }
            if (!field.field().type().isText() && !field.field().type().isIdLike()) {
                throw invalidField(start, "Invalid operator on " + field.field().type().describeName() + " field: LIKE");
            }
            return new SoqlQuery.Like(field, likePattern(value));
        }
        boolean negated = false;
        if (op.is("NOT")) {
            negated = true;
            op = next();
            if (!op.is("IN")) {
                throw unexpected(op);
            }
        }
        if (op.is("IN")) {
            expect("(");
            if (peek().is("SELECT")) {
                throw malformed(soql, peek().pos(), "semi-join sub-selects are not supported by the emulator");
            }
            List<Literal> values = new ArrayList<>();
            do {
                values.add(literal(field));
            } while (accept(","));
            expect(")");
            return new SoqlQuery.In(field, negated, values);
        }
        if (op.kind() != Kind.SYMBOL || !OPERATORS.contains(op.text())) {
            throw unexpected(op);
        }
        Literal value = literal(field);
        String operator = op.text().equals("<>") ? "!=" : op.text();
        if (value instanceof SoqlQuery.Null && !operator.equals("=") && !operator.equals("!=")) {
            throw invalidField(op, "value of filter criterion for field '" + field.field().name() + "' must not be null"
                    + " for operator " + operator);
        }
        return new SoqlQuery.Compare(field, operator, value);
    }

    private Literal literal(FieldPath field) {
        Token t = next();
        FieldType type = field.field().type();
        String name = field.field().name();
        Literal value = switch (t.kind()) {
            case STRING -> new SoqlQuery.Text(unescape(t));
            case NUMBER -> new SoqlQuery.Num(new BigDecimal(t.text()));
            case DATE -> {
                LocalDate date = SfTime.parseDate(t.text());
                if (date == null) {
                    throw malformed(soql, t.pos(), "line 1:" + t.pos() + " invalid date: " + t.text());
                }
                yield new SoqlQuery.Day(date);
            }
            case DATETIME -> {
                var instant = SfTime.parseDateTime(t.text());
                if (instant == null) {
                    throw malformed(soql, t.pos(), "line 1:" + t.pos() + " invalid datetime: " + t.text());
                }
                yield new SoqlQuery.Moment(instant);
            }
            case IDENT -> keywordLiteral(t);
            default -> throw unexpected(t);
        };
        if (value instanceof SoqlQuery.Null) {
            return value;
        }
        boolean ok = switch (type) {
            case BOOLEAN -> value instanceof SoqlQuery.Bool;
            case INT, DOUBLE, CURRENCY, PERCENT -> value instanceof SoqlQuery.Num;
            case DATE -> value instanceof SoqlQuery.Day || value instanceof SoqlQuery.DayRange;
            case DATETIME -> value instanceof SoqlQuery.Moment || value instanceof SoqlQuery.DayRange;
            default -> value instanceof SoqlQuery.Text;
        };
        if (!ok) {
            String expected = switch (type) {
                case BOOLEAN -> "boolean";
                case INT -> "integer";
                case DOUBLE, CURRENCY, PERCENT -> "double";
                case DATE -> "date";
                case DATETIME -> "dateTime";
                default -> "string";
            };
            boolean quoted = type.isText() || type.isIdLike() || type == FieldType.BASE64;
            throw invalidField(t, "value of filter criterion for field '" + name + "' must be of type " + expected
                    + " and should " + (quoted ? "" : "not ") + "be enclosed in quotes");
        }
        if (type.isIdLike() && value instanceof SoqlQuery.Text text) {
            String id = SalesforceIds.normalize(text.value());
            if (id == null) {
                throw ApiException.badRequest("INVALID_QUERY_FILTER_OPERATOR",
                        located(soql, t.pos(), "invalid ID field: " + text.value()));
            }
            return new SoqlQuery.Text(id);
        }
        return value;
    }

    private Literal keywordLiteral(Token t) {
        String word = t.text().toUpperCase(Locale.ROOT);
        switch (word) {
            case "TRUE":
                return new SoqlQuery.Bool(true);
            case "FALSE":
                return new SoqlQuery.Bool(false);
            case "NULL":
                return new SoqlQuery.Null();
            case "TODAY":
                return new SoqlQuery.DayRange(today, today.plusDays(1));
            case "YESTERDAY":
                return new SoqlQuery.DayRange(today.minusDays(1), today);
            case "TOMORROW":
                return new SoqlQuery.DayRange(today.plusDays(1), today.plusDays(2));
            case "THIS_WEEK": {
                LocalDate start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
                return new SoqlQuery.DayRange(start, start.plusWeeks(1));
            }
            case "LAST_WEEK": {
                LocalDate start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY)).minusWeeks(1);
                return new SoqlQuery.DayRange(start, start.plusWeeks(1));
            }
            case "THIS_MONTH":
                return new SoqlQuery.DayRange(today.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1));
            case "LAST_MONTH":
                return new SoqlQuery.DayRange(today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1));
            case "THIS_YEAR":
                return new SoqlQuery.DayRange(today.withDayOfYear(1), today.withDayOfYear(1).plusYears(1));
            case "LAST_N_DAYS": {
                int n = dayCount();
                return new SoqlQuery.DayRange(today.minusDays(n), today.plusDays(1));
            }
            case "NEXT_N_DAYS": {
                int n = dayCount();
                return new SoqlQuery.DayRange(today.plusDays(1), today.plusDays(n + 1L));
            }
            case "N_DAYS_AGO": {
                int n = dayCount();
                return new SoqlQuery.DayRange(today.minusDays(n), today.minusDays(n - 1L));
            }
            default:
                throw unexpected(t);
        }
    }

    private int dayCount() {
        expect(":");
        return nonNegativeInt();
    }

    // ---------------------------------------------------------------- string literals

    /** Decodes a literal outside LIKE: only Salesforce's escapes are allowed, any other backslash is an error. */
    private String unescape(Token t) {
        StringBuilder out = new StringBuilder();
        decode(t, (c, escaped) -> {
            if (escaped && (c == '%' || c == '_')) {
                throw illegalEscape(t, "\\" + c);
            }
            out.append(c);
        });
        return out.toString();
    }

    /** Turns a LIKE literal into a case-insensitive regex: % and _ are wildcards, \\% and \\_ are literal. */
    private Pattern likePattern(Token t) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        decode(t, (c, escaped) -> {
            if (!escaped && (c == '%' || c == '_')) {
                // quote literal runs whole, so that surrogate pairs stay together
                regex.append(Pattern.quote(literal.toString())).append(c == '%' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        });
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private interface CharSink {
        void accept(char c, boolean escaped);
    }

    private void decode(Token t, CharSink sink) {
        String raw = t.text();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                sink.accept(c, false);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> sink.accept('\n', true);
                case 'r' -> sink.accept('\r', true);
                case 't' -> sink.accept('\t', true);
                case 'b' -> sink.accept('\b', true);
                case 'f' -> sink.accept('\f', true);
                case '"', '\'', '\\', '%', '_' -> sink.accept(e, true);
                case 'u' -> {
                    String hex = raw.substring(i + 1, Math.min(raw.length(), i + 5));
                    if (hex.length() != 4 || !hex.matches("[0-9a-fA-F]{4}")) {
                        throw illegalEscape(t, "\\u" + hex);
                    }
                    sink.accept((char) Integer.parseInt(hex, 16), true);
                    i += 4;
                }
                default -> throw illegalEscape(t, "\\" + e);
            }
        }
    }

    private ApiException illegalEscape(Token t, String sequence) {
        return malformed(soql, t.pos(), "Invalid string literal '" + t.text() + "'. Illegal character sequence '"
                + sequence + "' in string literal.");
    }
}
