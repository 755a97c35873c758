package io.switchboard.emulator;

import java.util.List;

/**
 * A parsed SOSL search.
 *
 * @param scope   ALL, NAME, EMAIL or PHONE
 * @param targets the RETURNING objects, each as a SOQL query over that object (fields, WHERE, ORDER BY, LIMIT)
 * @param limit   overall LIMIT (2000 when absent)
 */
record SoslQuery(Expr search, String scope, List<SoqlQuery> targets, int limit) {

    /** The search expression inside FIND {...}. */
    sealed interface Expr permits Term, AllOf, AnyOf, Without {
    }

    /**
     * A word or quoted phrase. {@code words} are the lower-case tokens of the term; a word may hold the wildcards
     * '*' (any characters) and '?' (one character). {@code digits} holds the term's digits when it looks like a
     * phone number (only digits and phone punctuation), else null.
     */
    record Term(String text, List<String> words, String digits) implements Expr {
    }

    record AllOf(List<Expr> parts) implements Expr {
    }

    record AnyOf(List<Expr> parts) implements Expr {
    }

    /** {@code left AND NOT right}. */
    record Without(Expr left, Expr right) implements Expr {
    }
}
