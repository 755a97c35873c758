package io.switchboard.rules;

import io.switchboard.model.rule.TypeRule;

import java.util.Map;
import java.util.Optional;

/** One loaded, checked rules file: a rule per event type and what to do with types it does not name. */
public record Rules(Map<String, TypeRule> byType, UnknownTypePolicy unknownTypes, String origin,
                    Map<String, Integer> lines) {

    public Rules {
        byType = Map.copyOf(byType);
        lines = Map.copyOf(lines);
    }

    /**
     * Where a setting is in the file, as "place (line N)": the setting's own line, else the nearest enclosing
     * one that is written (a default inherited by a type points at the default).
     */
    public String place(String type, String... path) {
        String own = "/types/" + type.replace("~", "~0").replace("/", "~1") + "/" + String.join("/", path);
        String shared = "/defaults/" + String.join("/", path);
        String pointer = lines.containsKey(own) ? own : lines.containsKey(shared) ? shared : own;
        Integer line = null;
        for (String p = pointer; !p.isEmpty() && line == null; p = p.substring(0, p.lastIndexOf('/'))) {
            line = lines.get(p);
        }
        return pointer.substring(1).replace("/", ".").replace("~1", "/").replace("~0", "~")
                + (line == null ? "" : " (line " + line + ")");
    }

    public Optional<TypeRule> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public enum UnknownTypePolicy implements io.switchboard.model.rule.Keyed { SKIP, DEAD_LETTER }
}
