package io.switchboard.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code rules.yaml}: shared {@code defaults}, then one block per event type under {@code types} that
 * overrides them. Collects every problem, each with its place and line, before giving up.
 */
public class RulesLoader {

    private static final Set<String> TOP_KEYS = Set.of("defaults", "types", "unknownTypes");
    private static final Set<String> RULE_KEYS = Set.of("enabled", "skipWhen", "match", "whenNoMatch", "activity");
    private static final Set<String> MATCH_KEYS = Set.of("strategy", "objects");
    private static final Set<String> NO_MATCH_KEYS = Set.of("create", "leadSource", "lastNamePlaceholder");
    private static final Set<String> ACTIVITY_KEYS = Set.of("object", "status", "callType", "subject", "description");
    private static final Set<String> MATCHABLE = Set.of("Contact", "Lead", "Account", "PersonAccount");
    private static final Set<String> CREATABLE = Set.of("Lead", "Contact", "none");
    private static final Set<String> ACTIVITY_OBJECTS = Set.of("Task", "none");

    private final YAMLMapper yaml = new YAMLMapper();

    public Rules load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidRulesException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    public Rules parse(String text, String origin) {
        JsonNode root;
        Map<String, Integer> lines;
        try {
            root = yaml.readTree(text);
            lines = lineIndex(text);
        } catch (IOException e) {
            throw new InvalidRulesException(origin, List.of("not valid YAML: " + e.getMessage()));
        }
        Problems problems = new Problems(lines);
        if (root == null || !root.isObject()) {
            throw new InvalidRulesException(origin, List.of("the file must be a YAML mapping with 'defaults' and 'types'"));
        }
        problems.unknownKeys(root, "", TOP_KEYS);
        JsonNode defaults = root.path("defaults");
        Rules.UnknownTypePolicy unknown = Rules.UnknownTypePolicy.DEAD_LETTER;
        String unknownText = root.path("unknownTypes").asText("dead-letter");
        switch (unknownText) {
            case "skip" -> unknown = Rules.UnknownTypePolicy.SKIP;
            case "dead-letter" -> unknown = Rules.UnknownTypePolicy.DEAD_LETTER;
            default -> problems.add("/unknownTypes", "must be 'skip' or 'dead-letter', not '" + unknownText + "'");
        }
        if (!defaults.isMissingNode()) {
            problems.unknownKeys(defaults, "/defaults", RULE_KEYS);
        }
        Map<String, TypeRule> byType = new LinkedHashMap<>();
        JsonNode types = root.path("types");
        if (!types.isObject() || types.isEmpty()) {
            problems.add("/types", "name at least one event type, e.g. 'call.inbound:'");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String at = "/types/" + entry.getKey().replace("~", "~0").replace("/", "~1");
                JsonNode own = entry.getValue().isNull() ? yaml.createObjectNode() : entry.getValue();
                if (!own.isObject()) {
                    problems.add(at, "must be a mapping of rule settings");
                    continue;
                }
                problems.unknownKeys(own, at, RULE_KEYS);
                JsonNode merged = merge(defaults.isObject() ? defaults.deepCopy() : yaml.createObjectNode(), own);
                byType.put(entry.getKey(), typeRule(entry.getKey(), merged, at, problems));
            }
        }
        problems.throwIfAny(origin);
        return new Rules(byType, unknown, origin);
    }

    private TypeRule typeRule(String type, JsonNode node, String at, Problems problems) {
        boolean enabled = node.path("enabled").asBoolean(true);
        Predicate skipWhen = node.has("skipWhen") ? predicate(node.get("skipWhen"), at + "/skipWhen", problems) : null;

        JsonNode m = node.path("match");
        problems.unknownKeys(m, at + "/match", MATCH_KEYS);
        MatchStrategy strategy = MatchStrategy.EMAIL_THEN_PHONE;
        try {
            strategy = MatchStrategy.fromKey(m.path("strategy").asText("email-then-phone"));
        } catch (IllegalArgumentException e) {
            problems.add(at + "/match/strategy", e.getMessage());
        }
        List<String> objects = new ArrayList<>();
        if (m.has("objects")) {
            m.get("objects").forEach(o -> {
                if (!MATCHABLE.contains(o.asText())) {
                    problems.add(at + "/match/objects", "cannot match on '" + o.asText() + "'; use " + MATCHABLE);
                }
                objects.add(o.asText());
            });
        } else {
            objects.addAll(List.of("Contact", "Lead"));
        }

        JsonNode n = node.path("whenNoMatch");
        problems.unknownKeys(n, at + "/whenNoMatch", NO_MATCH_KEYS);
        String create = n.path("create").asText("Lead");
        if (!CREATABLE.contains(create)) {
            problems.add(at + "/whenNoMatch/create", "cannot create '" + create + "'; use one of " + CREATABLE);
        }
        TypeRule.WhenNoMatch whenNoMatch = new TypeRule.WhenNoMatch(create,
                n.path("leadSource").asText(null), n.path("lastNamePlaceholder").asText("[not provided]"));

        JsonNode a = node.path("activity");
        problems.unknownKeys(a, at + "/activity", ACTIVITY_KEYS);
        String object = a.path("object").asText("Task");
        if (!ACTIVITY_OBJECTS.contains(object)) {
            problems.add(at + "/activity/object", "cannot log a '" + object + "'; use one of " + ACTIVITY_OBJECTS);
        }
        TypeRule.ActivityRule activity = new TypeRule.ActivityRule(object,
                a.path("status").asText("Completed"),
                a.path("callType").asText(null),
                template(a.path("subject").asText("{type}"), at + "/activity/subject", problems),
                template(a.path("description").asText(""), at + "/activity/description", problems));

        return new TypeRule(type, enabled, skipWhen, new TypeRule.MatchRule(strategy, List.copyOf(objects)),
                whenNoMatch, activity);
    }

    private Predicate predicate(JsonNode node, String at, Problems problems) {
        if (node.isArray()) {
            List<Predicate> parts = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                parts.add(predicate(node.get(i), at + "/" + i, problems));
            }
            return new Predicate.Any(parts);
        }
        if (!node.isObject()) {
            problems.add(at, "a condition must be a mapping such as {field: category, equals: Spam}");
            return new Predicate.Any(List.of());
        }
        if (node.has("all") || node.has("any")) {
            String key = node.has("all") ? "all" : "any";
            List<Predicate> parts = new ArrayList<>();
            JsonNode list = node.get(key);
            for (int i = 0; i < list.size(); i++) {
                parts.add(predicate(list.get(i), at + "/" + key + "/" + i, problems));
            }
            return key.equals("all") ? new Predicate.All(parts) : new Predicate.Any(parts);
        }
        if (node.has("not")) {
            return new Predicate.Not(predicate(node.get("not"), at + "/not", problems));
        }
        String field = node.path("field").asText(null);
        if (field == null || field.isBlank()) {
            problems.add(at, "a condition needs 'field' (or 'all', 'any', 'not')");
            return new Predicate.Any(List.of());
        }
        if (node.has("equals")) {
            return new Predicate.Equals(field, node.get("equals").asText());
        }
        if (node.has("in")) {
            List<String> values = new ArrayList<>();
            node.get("in").forEach(v -> values.add(v.asText()));
            return new Predicate.In(field, values);
        }
        if (node.has("matches")) {
            try {
                return new Predicate.Matches(field, Pattern.compile(node.get("matches").asText()));
            } catch (PatternSyntaxException e) {
                problems.add(at + "/matches", "not a valid regular expression: " + e.getDescription());
                return new Predicate.Any(List.of());
            }
        }
        if (node.path("exists").asBoolean(false)) {
            return new Predicate.Exists(field);
        }
        if (node.path("absent").asBoolean(false)) {
            return new Predicate.Absent(field);
        }
        problems.add(at, "the condition on '" + field + "' needs one of equals, in, matches, exists: true, absent: true");
        return new Predicate.Any(List.of());
    }

    private static Template template(String text, String at, Problems problems) {
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(at, "template does not parse: " + e.getMessage());
            return Template.parse("");
        }
    }

    private static JsonNode merge(JsonNode base, JsonNode override) {
        if (!(base instanceof ObjectNode target) || !override.isObject()) {
            return override.deepCopy();
        }
        override.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            target.set(e.getKey(), existing != null && existing.isObject() && e.getValue().isObject()
                    ? merge(existing, e.getValue()) : e.getValue().deepCopy());
        });
        return target;
    }

    /** JSON pointer of every key in the file → its line, so that problems can name the line to edit. */
    private static Map<String, Integer> lineIndex(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token.isStructStart()) {
                    lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                            parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    /** Problems found so far, each rendered as "place (line N): what is wrong". */
    private static final class Problems {
        private final Map<String, Integer> lines;
        private final List<String> found = new ArrayList<>();

        Problems(Map<String, Integer> lines) {
            this.lines = lines;
        }

        void add(String pointer, String message) {
            String place = pointer.isEmpty() ? "(top level)"
                    : pointer.substring(1).replace("/", ".").replace("~1", "/").replace("~0", "~");
            Integer line = nearestLine(pointer);
            found.add(place + (line == null ? "" : " (line " + line + ")") + ": " + message);
        }

        void unknownKeys(JsonNode node, String at, Set<String> known) {
            if (node == null || !node.isObject()) {
                return;
            }
            node.fieldNames().forEachRemaining(k -> {
                if (!known.contains(k)) {
                    add(at + "/" + k, "unknown setting '" + k + "'; known settings here: " + known.stream().sorted().toList());
                }
            });
        }

        void throwIfAny(String origin) {
            if (!found.isEmpty()) {
                throw new InvalidRulesException(origin, found);
            }
        }

        private Integer nearestLine(String pointer) {
            String p = pointer;
            while (!p.isEmpty()) {
                Integer line = lines.get(p);
                if (line != null) {
                    return line;
                }
                p = p.substring(0, p.lastIndexOf('/'));
            }
            return null;
        }
    }
}
