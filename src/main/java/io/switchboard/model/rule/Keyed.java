package io.switchboard.model.rule;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A choice of the rules grammar: an enum constant with the word an integration engineer writes for it. */
public interface Keyed {

    /** The word in the rules file: by default the constant's name in lower case, {@code _} written {@code -}. */
    default String key() {
        return ((Enum<?>) this).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The constant written as {@code key}, if any: one reader for every choice of the grammar. */
    static <E extends Enum<E> & Keyed> Optional<E> fromKey(Class<E> type, String key) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.key().equals(key)).findFirst();
    }

    /** The words of every constant, for a problem that says what may be written instead. */
    static <E extends Enum<E> & Keyed> String keys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Keyed::key).collect(Collectors.joining(", "));
    }
}
