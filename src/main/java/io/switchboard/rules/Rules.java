package io.switchboard.rules;

import java.util.Map;
import java.util.Optional;

/** One loaded, checked rules file: a rule per event type and what to do with types it does not name. */
public record Rules(Map<String, TypeRule> byType, UnknownTypePolicy unknownTypes, String origin) {

    public Rules {
        byType = Map.copyOf(byType);
    }

    public Optional<TypeRule> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public enum UnknownTypePolicy { SKIP, DEAD_LETTER }
}
