package io.switchboard.emulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/** A parsed SOQL query, with every field already resolved against the schema. */
record SoqlQuery(ObjectDef object, List<FieldPath> fields, boolean countOnly, String countAlias, Condition where,
                 List<OrderItem> orderBy, Integer limit, Integer offset) {

    /** True for {@code COUNT(Id)}-style aggregate queries, which return one AggregateResult row. */
    boolean aggregate() {
        return countAlias != null;
    }

    /**
     * A field reached through zero or more parent relationships: {@code Account.Owner.Name} has the reference fields
     * AccountId and OwnerId and the final field name "Name".
     *
     * @param field the final field as resolved on the first object that has it (its type drives literal checking)
     */
    record FieldPath(List<FieldDef> references, FieldDef field, String text) {
        boolean direct() {
            return references.isEmpty();
        }
    }

    record OrderItem(FieldPath field, boolean descending, boolean nullsFirst) {
    }

    sealed interface Condition permits And, Or, Not, Compare, In, Like {
    }

    record And(List<Condition> parts) implements Condition {
    }

    record Or(List<Condition> parts) implements Condition {
    }

    record Not(Condition inner) implements Condition {
    }

    record Compare(FieldPath field, String op, Literal value) implements Condition {
    }

    record In(FieldPath field, boolean negated, List<Literal> values) implements Condition {
    }

    record Like(FieldPath field, Pattern pattern) implements Condition {
    }

    sealed interface Literal permits Text, Num, Bool, Null, Day, Moment, DayRange {
    }

    record Text(String value) implements Literal {
    }

    record Num(BigDecimal value) implements Literal {
    }

    record Bool(boolean value) implements Literal {
    }

    record Null() implements Literal {
    }

    record Day(LocalDate value) implements Literal {
    }

    record Moment(Instant value) implements Literal {
    }

    /** A date literal such as TODAY or LAST_N_DAYS:7: the days [start, endExclusive) in UTC. */
    record DayRange(LocalDate start, LocalDate endExclusive) implements Literal {
    }
}
