package io.switchboard.rules;

import io.switchboard.model.rule.Ambiguity;
import io.switchboard.model.rule.BusinessHours;
import io.switchboard.model.rule.FieldMapping;
import io.switchboard.model.rule.MatchStrategy;
import io.switchboard.model.rule.Predicate;
import io.switchboard.model.rule.CompanyAccount;
import io.switchboard.model.rule.Keyed;
import io.switchboard.model.rule.NewPerson;
import io.switchboard.model.rule.LinkTarget;
import io.switchboard.model.rule.Template;
import io.switchboard.model.rule.TypeRule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Locale;
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
import org.apache.camel.CamelContext;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code rules.yaml}: shared {@code defaults}, then one block per event type under {@code types} that
 * overrides them. Collects every problem, each with its place and line, before giving up.
 */
public class RulesLoader {

    private static final Set<String> TOP_KEYS = Set.of("defaults", "types", "unknownTypes");
    private static final Set<String> RULE_KEYS = Set.of("enabled", "skipWhen", "businessHours", "match",
            "whenNoMatch", "activity", "links", "campaign", "fields");
    private static final Set<String> CAMPAIGN_KEYS = Set.of("statuses", "map");
    private static final Set<String> HOURS_KEYS = Set.of("zone", "days", "open", "close", "holidays", "outside",
            "outsideStatus");
    private static final Set<String> LINK_KEYS = Set.of("to", "createCase", "caseSubject");
    private static final Set<String> MAPPING_KEYS = Set.of("field", "from", "template", "value", "mode", "transform");
    private static final Set<String> MATCH_KEYS = Set.of("strategy", "objects", "ambiguous");
    private static final Set<String> NO_MATCH_KEYS = Set.of("create", "leadSource", "lastNamePlaceholder",
            "placeholders", "account");
    private static final Set<String> ACTIVITY_KEYS = Set.of("object", "status", "callType", "subject", "description",
            "participants", "personFields", "keyField", "mode");
    /** What an update-existing rule's own block may not set: it matches nobody, creates nothing, keeps the rest. */
    private static final List<String> NOT_FOR_UPDATE_EXISTING = List.of("match", "whenNoMatch", "businessHours", "links",
            "campaign");
    private static final List<String> ACTIVITY_NOT_FOR_UPDATE_EXISTING = List.of("subject", "status", "callType",
            "participants");
    private static final Set<String> PERSON_OBJECTS = Set.of("Contact", "Lead", "Account");
    private static final Set<String> MATCHABLE = Set.of("Contact", "Lead", "Account", "PersonAccount");
    private static final Set<String> ACTIVITY_OBJECTS = Set.of("Task", "Event", "none");

    private static final Map<String, DayOfWeek> DAYS = Map.of("MON", DayOfWeek.MONDAY, "TUE", DayOfWeek.TUESDAY,
            "WED", DayOfWeek.WEDNESDAY, "THU", DayOfWeek.THURSDAY, "FRI", DayOfWeek.FRIDAY,
            "SAT", DayOfWeek.SATURDAY, "SUN", DayOfWeek.SUNDAY);

    private final YAMLMapper yaml = new YAMLMapper();
    private final CamelContext camel;

    /** @param camel compiles Camel simple predicates (the expression escape hatch); null: not available */
    public RulesLoader(CamelContext camel) {
        this.camel = camel;
    }

    public RulesLoader() {
        this((CamelContext) null);
    }

    public Rules load(Path file) {
        Loaded loaded = read(file);
        if (!loaded.problems().isEmpty()) {
            throw new InvalidRulesException(file.toString(), loaded.problems());
        }
        return loaded.rules();
    }

    /** The rules, or every problem of the file's own structure at once (its problems against the org apart). */
    public Rules parse(String text, String origin) {
        Loaded loaded = read(text, origin);
        if (!loaded.problems().isEmpty()) {
            throw new InvalidRulesException(origin, loaded.problems());
        }
        return loaded.rules();
    }

    /** Reads the file; problems of its structure do not stop the reading (see {@link Loaded}). */
    public Loaded read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return Loaded.unreadable(file.toString(), "cannot read the file: " + e.getMessage());
        }
        return read(text, file.toString());
    }

    /**
     * Reads the rules and every problem of their structure, each once. The rules come back even with problems
     * (a wrong setting falls back to its default), so that the org can be asked about the rest in the same round:
     * a person editing the file sees every problem of every stage at once. Only a file that is no YAML mapping
     * has no rules.
     */
    public Loaded read(String text, String origin) {
        // a line that breaks the YAML is said at its line and left out, so that the rest is still checked
        YamlSyntax syntax = YamlSyntax.check(text);
        if (syntax.readable() == null) {
            return new Loaded(null, origin, syntax.problems());
        }
        JsonNode root;
        Map<String, Integer> lines;
        List<String> twice = new ArrayList<>();
        try {
            root = yaml.readTree(syntax.readable());
            lines = lineIndex(syntax.readable(), twice);
        } catch (IOException e) {
            return new Loaded(null, origin, withProblem(syntax.problems(),
                    "not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
        Problems problems = new Problems(lines);
        syntax.problems().forEach(problems::said);
        twice.forEach(problems::said);
        if (root == null || !root.isObject()) {
            return new Loaded(null, origin, withProblem(problems.found(),
                    "the file must be a YAML mapping with 'defaults' and 'types'"));
        }
        problems.unknownKeys(root, "", TOP_KEYS);
        JsonNode defaults = root.path("defaults");
        Rules.UnknownTypePolicy unknown = choice(Rules.UnknownTypePolicy.class, root.path("unknownTypes"),
                Rules.UnknownTypePolicy.DEAD_LETTER, "/unknownTypes", problems);
        if (!defaults.isMissingNode()) {
            problems.unknownKeys(defaults, "/defaults", RULE_KEYS);
            if (defaults.path("activity").has("mode")) {
                problems.add("/defaults/activity/mode", "the activity's mode is one type's setting (e.g. a call's "
                        + "recording, mode: update-existing), not a default for every type; move it under that type");
            }
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
                // A type that switches to account-by-domain without naming objects matches Accounts, not the
                // defaults' people.
                if ("account-by-domain".equals(own.path("match").path("strategy").asText())
                        && !own.path("match").has("objects") && merged.path("match") instanceof ObjectNode m) {
                    m.remove("objects");
                }
                TypeRule rule = typeRule(entry.getKey(), merged, at, problems);
                if (rule.activity().updatesExistingOnly()) {
                    updateExistingOnly(own, at, rule, problems);
                }
                byType.put(entry.getKey(), rule);
            }
        }
        return new Loaded(new Rules(byType, unknown, origin, lines), problems.found());
    }

    private TypeRule typeRule(String type, JsonNode node, String at, Problems problems) {
        if (node.has("enabled") && !node.get("enabled").isBoolean()) {
            problems.add(at + "/enabled", "'" + node.get("enabled").asText() + "' is not true or false");
        }
        boolean enabled = node.path("enabled").asBoolean(true);
        Predicate skipWhen = node.has("skipWhen") ? predicate(node.get("skipWhen"), at + "/skipWhen", problems) : null;
        BusinessHours hours = node.hasNonNull("businessHours")
                ? businessHours(node.get("businessHours"), at + "/businessHours", problems) : null;
        TypeRule.ActivityRule activity = activity(node.path("activity"), at + "/activity", problems);
        TypeRule.WhenNoMatch whenNoMatch = whenNoMatch(node.path("whenNoMatch"), at + "/whenNoMatch", problems);
        if (activity.updatesExistingOnly()) {
            // it matches nobody, so nobody is ever created for it (nor checked against the org as if they were)
            whenNoMatch = new TypeRule.WhenNoMatch(NewPerson.NONE, null, whenNoMatch.namePlaceholder(), Map.of(),
                    CompanyAccount.NONE);
        }
        return new TypeRule(type, enabled, skipWhen, hours, matchRule(node.path("match"), at + "/match", problems),
                whenNoMatch,
                activity,
                links(node.path("links"), at + "/links", problems), campaign(node.path("campaign"), at + "/campaign", problems),
                fields(node.path("fields"), at + "/fields", problems));
    }

    private static TypeRule.MatchRule matchRule(JsonNode m, String at, Problems problems) {
        problems.unknownKeys(m, at, MATCH_KEYS);
        MatchStrategy strategy = choice(MatchStrategy.class, m.path("strategy"), MatchStrategy.EMAIL_THEN_PHONE,
                at + "/strategy", problems);
        List<String> objects = new ArrayList<>();
        if (m.has("objects") && !m.get("objects").isArray()) {
            problems.add(at + "/objects", "list the objects in their order, e.g. [Contact, Lead]");
        }
        if (m.has("objects")) {
            m.get("objects").forEach(o -> {
                if (!MATCHABLE.contains(o.asText())) {
                    problems.add(at + "/objects", "cannot match on '" + o.asText() + "'; use " + MATCHABLE);
                }
                objects.add(o.asText());
            });
        } else {
            objects.addAll(strategy.usesDomain() ? List.of("Account") : List.of("Contact", "Lead", "Account", "PersonAccount"));
        }
        Ambiguity ambiguous = choice(Ambiguity.class, m.path("ambiguous"), Ambiguity.MOST_RECENT, at + "/ambiguous",
                problems);
        return new TypeRule.MatchRule(strategy, List.copyOf(objects), ambiguous);
    }

    private static TypeRule.WhenNoMatch whenNoMatch(JsonNode n, String at, Problems problems) {
        problems.unknownKeys(n, at, NO_MATCH_KEYS);
        NewPerson create = choice(NewPerson.class, n.path("create"), NewPerson.LEAD, at + "/create", problems);
        Map<String, String> placeholders = new LinkedHashMap<>();
        n.path("placeholders").fields().forEachRemaining(e -> placeholders.put(e.getKey(), e.getValue().asText()));
        CompanyAccount account = choice(CompanyAccount.class, n.path("account"), CompanyAccount.MATCH, at + "/account",
                problems);
        return new TypeRule.WhenNoMatch(create, n.path("leadSource").asText(null),
                n.path("lastNamePlaceholder").asText("[not provided]"), placeholders, account);
    }

    private static TypeRule.ActivityRule activity(JsonNode a, String at, Problems problems) {
        problems.unknownKeys(a, at, ACTIVITY_KEYS);
        String object = a.path("object").asText("Task");
        boolean custom = object.endsWith("__c");
        if (!ACTIVITY_OBJECTS.contains(object) && !custom) {
            problems.add(at + "/object", "cannot log a '" + object + "'; use one of " + ACTIVITY_OBJECTS
                    + " or a custom object of the org (its API name ends in __c)");
        }
        TypeRule.Participants participants = choice(TypeRule.Participants.class, a.path("participants"),
                TypeRule.Participants.EACH, at + "/participants", problems);
        if (custom && participants == TypeRule.Participants.SHARED) {
            problems.add(at + "/participants", "a custom object has no relations to several people; use 'each' "
                    + "(one " + object + " per person) or log a Task or Event");
        }
        Map<String, String> personFields = new LinkedHashMap<>();
        JsonNode lookups = a.path("personFields");
        if (!lookups.isMissingNode() && !lookups.isObject()) {
            problems.add(at + "/personFields", "must map the person's object to the lookup field, e.g. "
                    + "{Contact: Contact__c, Lead: Lead__c}");
        }
        lookups.fields().forEachRemaining(e -> {
            if (!PERSON_OBJECTS.contains(e.getKey())) {
                problems.add(at + "/personFields/" + e.getKey(), "'" + e.getKey() + "' is not a person's object; use "
                        + PERSON_OBJECTS.stream().sorted().toList());
            }
            personFields.put(e.getKey(), e.getValue().asText());
        });
        if (custom && personFields.isEmpty()) {
            problems.add(at + "/object", object + " needs 'personFields', its lookup field to the person by the "
                    + "person's object, e.g. personFields: {Contact: Contact__c, Lead: Lead__c}");
        } else if (!custom && !personFields.isEmpty()) {
            problems.add(at + "/personFields", object + " relates the person through WhoId; personFields is for a "
                    + "custom object");
        }
        String keyField = a.path("keyField").asText(null);
        if (keyField != null && !custom) {
            problems.add(at + "/keyField", "the key field of Task and Event is the setting "
                    + "switchboard.delivery.event-id-field; keyField is for a custom object");
        }
        return new TypeRule.ActivityRule(object, a.path("status").asText("Completed"), a.path("callType").asText(null),
                template(a.path("subject").asText("{type}"), at + "/subject", problems),
                template(a.path("description").asText(""), at + "/description", problems), participants,
                personFields, keyField, choice(TypeRule.ActivityMode.class, a.path("mode"), TypeRule.ActivityMode.LOG,
                        at + "/mode", problems));
    }

    /**
     * A rule that only adds to the activity an earlier event of the interaction logged: the settings of its own
     * block that would match, create or re-log are mistakes, each said at its line (those inherited from the
     * defaults do not apply to it and are not).
     */
    private static void updateExistingOnly(JsonNode own, String at, TypeRule rule, Problems problems) {
        String why = "a rule with activity.mode update-existing matches nobody and creates nothing; remove '";
        for (String key : NOT_FOR_UPDATE_EXISTING) {
            if (own.has(key)) {
                problems.add(at + "/" + key, why + key + "'");
            }
        }
        for (String key : ACTIVITY_NOT_FOR_UPDATE_EXISTING) {
            if (own.path("activity").has(key)) {
                problems.add(at + "/activity/" + key, "activity.mode update-existing leaves the activity's " + key
                        + " as the interaction's own events logged it; remove '" + key + "'");
            }
        }
        TypeRule.ActivityRule activity = rule.activity();
        if (activity.logsNothing()) {
            problems.add(at + "/activity/mode", "update-existing needs an activity to update; name its object (Task, "
                    + "Event or the org's call log object)");
        } else if (!own.path("activity").has("description") && rule.fieldsFor(activity.object()).isEmpty()) {
            problems.add(at + "/activity/mode", "update-existing adds the rule's description to the activity's and sets "
                    + "its fields; give the type its own description (e.g. \"Recording: {call.recordingUrl}\") or fields "
                    + "for " + activity.object());
        } else if (!activity.standard() && own.path("activity").has("description")) {
            problems.add(at + "/activity/description", activity.object() + " has no Description this service writes; "
                    + "set its fields under fields." + activity.object() + " instead");
        }
    }

    private static TypeRule.LinkRule links(JsonNode l, String at, Problems problems) {
        problems.unknownKeys(l, at, LINK_KEYS);
        LinkTarget to = choice(LinkTarget.class, l.path("to"), LinkTarget.NONE, at + "/to", problems);
        boolean createCase = l.path("createCase").asBoolean(false);
        if (createCase && to != LinkTarget.CASE) {
            problems.add(at + "/createCase", "createCase needs 'to: case'");
        }
        // parsed here, so that a template that cannot render is a start-up problem, not a dead letter per event
        Template caseSubject = l.hasNonNull("caseSubject")
                ? template(l.get("caseSubject").asText(), at + "/caseSubject", problems) : null;
        return new TypeRule.LinkRule(to, createCase, caseSubject);
    }

    private Map<String, List<FieldMapping>> fields(JsonNode f, String at, Problems problems) {
        Map<String, List<FieldMapping>> fields = new LinkedHashMap<>();
        if (!f.isMissingNode() && !f.isObject()) {
            problems.add(at, "must map object names to lists of fields, e.g. 'Lead: [{field: Title, from: person.title}]'");
            return fields;
        }
        f.fields().forEachRemaining(e -> {
            String objectAt = at + "/" + e.getKey();
            List<FieldMapping> list = new ArrayList<>();
            if (!e.getValue().isArray()) {
                problems.add(objectAt, "must be a list of field mappings");
            } else {
                for (int i = 0; i < e.getValue().size(); i++) {
                    FieldMapping mapping = mapping(e.getValue().get(i), objectAt + "/" + i, problems);
                    if (mapping != null) {
                        list.add(mapping);
                    }
                }
            }
            fields.put(e.getKey(), List.copyOf(list));
        });
        return fields;
    }

    private static TypeRule.CampaignRule campaign(JsonNode c, String at, Problems problems) {
        if (!c.isObject()) {
            return null;
        }
        problems.unknownKeys(c, at, CAMPAIGN_KEYS);
        List<String> statuses = new ArrayList<>();
        c.path("statuses").forEach(v -> statuses.add(v.asText()));
        if (statuses.isEmpty()) {
            problems.add(at + "/statuses", "list the campaign member statuses in their order, e.g. [Sent, Responded]");
        }
        Map<String, String> map = new LinkedHashMap<>();
        c.path("map").fields().forEachRemaining(e -> {
            if (!statuses.contains(e.getValue().asText())) {
                problems.add(at + "/map/" + e.getKey(), "maps to '" + e.getValue().asText()
                        + "', which is not in statuses " + statuses);
            }
            map.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
        });
        return new TypeRule.CampaignRule(statuses, map);
    }

    private BusinessHours businessHours(JsonNode node, String at, Problems problems) {
        problems.unknownKeys(node, at, HOURS_KEYS);
        ZoneId zone = ZoneId.of("UTC");
        try {
            zone = ZoneId.of(node.path("zone").asText("UTC"));
        } catch (DateTimeException e) {
            problems.add(at + "/zone", "unknown time zone '" + node.path("zone").asText()
                    + "'; use a region id such as Europe/Berlin or America/New_York");
        }
        Set<DayOfWeek> days = new LinkedHashSet<>();
        JsonNode dayList = node.path("days");
        if (dayList.isMissingNode()) {
            days.addAll(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                    DayOfWeek.FRIDAY));
        }
        for (int i = 0; i < dayList.size(); i++) {
            String day = dayList.get(i).asText();
            DayOfWeek parsed = DAYS.get(day.toUpperCase(Locale.ROOT));
            if (parsed == null) {
                problems.add(at + "/days/" + i, "unknown day '" + day + "'; use MON, TUE, WED, THU, FRI, SAT, SUN");
            } else {
                days.add(parsed);
            }
        }
        LocalTime open = time(node.path("open").asText("09:00"), at + "/open", problems);
        LocalTime close = time(node.path("close").asText("17:00"), at + "/close", problems);
        if (open != null && close != null && !open.isBefore(close)) {
            problems.add(at + "/close", "closes at " + close + ", not after it opens at " + open);
        }
        Set<LocalDate> holidays = new LinkedHashSet<>();
        JsonNode holidayList = node.path("holidays");
        for (int i = 0; i < holidayList.size(); i++) {
            try {
                holidays.add(LocalDate.parse(holidayList.get(i).asText()));
            } catch (DateTimeException e) {
                problems.add(at + "/holidays/" + i, "'" + holidayList.get(i).asText() + "' is not a date like 2026-12-25");
            }
        }
        BusinessHours.Outside outside = choice(BusinessHours.Outside.class, node.path("outside"),
                BusinessHours.Outside.LOG, at + "/outside", problems);
        String outsideStatus = node.path("outsideStatus").asText(null);
        if (outside == BusinessHours.Outside.STATUS && outsideStatus == null) {
            problems.add(at + "/outsideStatus", "name the Task status to use outside business hours, e.g. Not Started");
        }
        return new BusinessHours(zone, days, open == null ? LocalTime.MIDNIGHT : open,
                close == null ? LocalTime.MAX : close, holidays, outside, outsideStatus);
    }

    private static LocalTime time(String text, String at, Problems problems) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeException e) {
            problems.add(at, "'" + text + "' is not a time like 09:00");
            return null;
        }
    }

    private FieldMapping mapping(JsonNode node, String at, Problems problems) {
        if (!node.isObject()) {
            problems.add(at, "a field mapping is a mapping such as {field: Title, from: person.title}");
            return null;
        }
        problems.unknownKeys(node, at, MAPPING_KEYS);
        String field = node.path("field").asText(null);
        if (field == null || field.isBlank()) {
            problems.add(at, "a field mapping needs 'field' (the Salesforce field)");
            return null;
        }
        int sources = (node.has("from") ? 1 : 0) + (node.has("template") ? 1 : 0) + (node.has("value") ? 1 : 0);
        if (sources != 1) {
            problems.add(at, "the mapping of " + field + " needs exactly one of 'from' (an event path), "
                    + "'template' or 'value' (a constant)");
            return null;
        }
        FieldMapping.Mode mode = choice(FieldMapping.Mode.class, node.path("mode"), FieldMapping.Mode.FILL,
                at + "/mode", problems);
        List<FieldMapping.Transform> transforms = new ArrayList<>();
        JsonNode t = node.path("transform");
        List<JsonNode> listed = new ArrayList<>();
        if (t.isArray()) {
            t.forEach(listed::add);
        } else if (!t.isMissingNode()) {
            listed.add(t);
        }
        for (JsonNode one : listed) {
            FieldMapping.Transform transform = choice(FieldMapping.Transform.class, one, null, at + "/transform", problems);
            if (transform != null) {
                transforms.add(transform);
            }
        }
        Template template = node.has("template") ? template(node.get("template").asText(), at + "/template", problems) : null;
        return new FieldMapping(field, node.path("from").asText(null), template, node.path("value").asText(null),
                mode, transforms);
    }

    private Predicate predicate(JsonNode node, String at, Problems problems) {
        if (node.isArray()) {
            return new Predicate.Any(predicates(node, at, problems));
        }
        if (!node.isObject()) {
            problems.add(at, "a condition must be a mapping such as {field: category, equals: Spam}");
            return never();
        }
        if (node.has("all")) {
            return new Predicate.All(predicates(node.get("all"), at + "/all", problems));
        }
        if (node.has("any")) {
            return new Predicate.Any(predicates(node.get("any"), at + "/any", problems));
        }
        if (node.has("not")) {
            return new Predicate.Not(predicate(node.get("not"), at + "/not", problems));
        }
        if (node.has("simple")) {
            return simple(node.get("simple").asText(), at + "/simple", problems);
        }
        return fieldCondition(node, at, problems);
    }

    private List<Predicate> predicates(JsonNode list, String at, Problems problems) {
        List<Predicate> parts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            parts.add(predicate(list.get(i), at + "/" + i, problems));
        }
        return parts;
    }

    /** A condition that never holds: what stands for one with problems, so the rest is still checked. */
    private static Predicate never() {
        return new Predicate.Any(List.of());
    }

    private Predicate simple(String expression, String at, Problems problems) {
        if (camel == null) {
            problems.add(at, "Camel simple expressions are not available here");
            return never();
        }
        try {
            return new Predicate.Simple(expression, camel.resolveLanguage("simple").createPredicate(expression), camel);
        } catch (RuntimeException e) {
            problems.add(at, "the simple expression does not parse: " + e.getMessage());
            return never();
        }
    }

    private static Predicate fieldCondition(JsonNode node, String at, Problems problems) {
        String field = node.path("field").asText(null);
        if (field == null || field.isBlank()) {
            problems.add(at, "a condition needs 'field' (or 'all', 'any', 'not', 'simple')");
            return never();
        }
        if (node.has("equals")) {
            return new Predicate.Equals(field, node.get("equals").asText());
        }
        if (node.has("in")) {
            if (!node.get("in").isArray()) {
                problems.add(at + "/in", "list the values, e.g. in: [Spam, Robocall]");
            }
            List<String> values = new ArrayList<>();
            node.get("in").forEach(v -> values.add(v.asText()));
            return new Predicate.In(field, values);
        }
        if (node.has("matches")) {
            try {
                return new Predicate.Matches(field, Pattern.compile(node.get("matches").asText()));
            } catch (PatternSyntaxException e) {
                problems.add(at + "/matches", "not a valid regular expression: " + e.getDescription());
                return never();
            }
        }
        if (node.path("exists").asBoolean(false)) {
            return new Predicate.Exists(field);
        }
        if (node.path("absent").asBoolean(false)) {
            return new Predicate.Absent(field);
        }
        problems.add(at, "the condition on '" + field + "' needs one of equals, in, matches, exists: true, absent: true");
        return never();
    }

    /**
     * The grammar's one reader of a choice: the constant written at {@code at}, {@code fallback} when nothing is
     * written there, and a problem naming every allowed word when what is written is none of them.
     */
    private static <E extends Enum<E> & Keyed> E choice(Class<E> type, JsonNode node, E fallback, String at,
                                                        Problems problems) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        String written = node.asText();
        java.util.Optional<E> found = Keyed.fromKey(type, written);
        if (found.isEmpty()) {
            problems.add(at, "'" + written + "' is not one of " + Keyed.keys(type));
        }
        return found.orElse(fallback);
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
            // A type's condition replaces the default one whole: merging two conditions would change both.
            boolean mergeable = existing != null && existing.isObject() && e.getValue().isObject()
                    && !"skipWhen".equals(e.getKey());
            if (e.getValue().isNull()) {
                // "businessHours: null" in a type switches a default off.
                target.remove(e.getKey());
                return;
            }
            target.set(e.getKey(), mergeable ? merge(existing, e.getValue()) : e.getValue().deepCopy());
        });
        return target;
    }

    private static List<String> withProblem(List<String> problems, String problem) {
        List<String> all = new ArrayList<>(problems);
        all.add(problem);
        return all;
    }

    /**
     * JSON pointer of every key in the file → its line, so that problems can name the line to edit; a key given
     * twice in one mapping (YAML readers keep the last one silently) is added to {@code twice}.
     */
    private static Map<String, Integer> lineIndex(String text, List<String> twice) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        // the keys of each mapping being read, innermost last, with the line each was first given at
        java.util.Deque<Map<String, Integer>> mappings = new java.util.ArrayDeque<>();
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                int line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.START_OBJECT) {
                    mappings.push(new HashMap<>());
                } else if (token == JsonToken.END_OBJECT) {
                    mappings.pop();
                } else if (token == JsonToken.FIELD_NAME && !mappings.isEmpty()) {
                    Integer first = mappings.peek().putIfAbsent(parser.currentName(), line);
                    if (first != null) {
                        twice.add(place(pointer) + " (line " + line + "): set twice in one mapping, at lines " + first
                                + " and " + line + "; only the later would count, so keep one");
                    }
                }
                if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token.isStructStart()) {
                    lines.putIfAbsent(pointer, line);
                }
            }
        }
        return lines;
    }

    /** A JSON pointer as the place a problem names, e.g. types.call.inbound.match. */
    private static String place(String pointer) {
        return pointer.isEmpty() ? "(top level)"
                : pointer.substring(1).replace("/", ".").replace("~1", "/").replace("~0", "~");
    }

    /** Problems found so far, each rendered as "place (line N): what is wrong". */
    private static final Pattern TYPE_POINTER = Pattern.compile("/types/[^/]+(/.+)");

    private static final class Problems {
        private final Map<String, Integer> lines;
        private final Set<String> found = new LinkedHashSet<>();

        Problems(Map<String, Integer> lines) {
            this.lines = lines;
        }

        void add(String pointer, String message) {
            pointer = inheritedFromDefaults(pointer);
            Integer line = nearestLine(pointer);
            found.add(place(pointer) + (line == null ? "" : " (line " + line + ")") + ": " + message);
        }

        /** A problem already said with its line (of the file's syntax). */
        void said(String problem) {
            found.add(problem);
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

        List<String> found() {
            return List.copyOf(found);
        }

        /**
         * A type's setting it does not write itself comes from the defaults: the problem is the default's, said
         * once at its line, not once per type that inherits it.
         */
        private String inheritedFromDefaults(String pointer) {
            java.util.regex.Matcher m = TYPE_POINTER.matcher(pointer);
            if (m.matches() && !lines.containsKey(pointer) && lines.containsKey("/defaults" + m.group(1))) {
                return "/defaults" + m.group(1);
            }
            return pointer;
        }

        Integer lineOf(String pointer) {
            return nearestLine(pointer);
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
