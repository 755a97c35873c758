package io.switchboard.rules;

import io.switchboard.model.rule.FieldMapping;
import io.switchboard.model.rule.NewPerson;
import io.switchboard.model.rule.TypeRule;

import io.switchboard.salesforce.OrgMetadata;
import io.switchboard.salesforce.OrgMetadata.FieldDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks loaded rules against the org's describe metadata before they meet traffic: objects and fields exist and
 * are writable, each source fits its target's type, picklist values exist in the org. Every problem is listed with
 * its place in the file, in the words of the person who edits it.
 */
@Component
public class RulesValidator {

    /** What the event contract says a path holds, so a mapping can be checked against its target's type. */
    private static final Map<String, String> CONTRACT_TYPES = Map.ofEntries(
            Map.entry("time", "datetime"), Map.entry("call.startTime", "datetime"), Map.entry("call.endTime", "datetime"),
            Map.entry("call.durationSeconds", "int"), Map.entry("call.waitSeconds", "int"),
            Map.entry("web.durationSeconds", "int"), Map.entry("call.answered", "boolean"),
            Map.entry("person.email", "email"), Map.entry("agent.email", "email"),
            Map.entry("person.phone", "phone"), Map.entry("person.mobile", "phone"), Map.entry("call.fromNumber", "phone"),
            Map.entry("call.toNumber", "phone"), Map.entry("call.dialedNumber", "phone"),
            Map.entry("call.transferTo.number", "phone"),
            Map.entry("content.transcript", "longtext"), Map.entry("content.summary", "longtext"),
            Map.entry("content.message", "longtext"), Map.entry("content.comments", "longtext"),
            Map.entry("person.website", "url"), Map.entry("web.url", "url"), Map.entry("web.referrer", "url"),
            Map.entry("call.recordingUrl", "url"));
    private static final Set<String> NUMBER_TYPES = Set.of("int", "double", "currency", "percent", "long");
    private static final Set<String> TEXT_TYPES = Set.of("string", "textarea", "combobox", "picklist",
            "multipicklist", "encryptedstring");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final int LONG_TEXT = 32_000;

    private final OrgMetadata org;
    private final List<OrgRequirement> requirements;

    public RulesValidator(OrgMetadata org, List<OrgRequirement> requirements) {
        this.org = org;
        this.requirements = List.copyOf(requirements);
    }

    /** Every problem of the rules against this org, each once; empty when they can run. */
    public List<String> problems(Rules rules) {
        java.util.Set<String> problems = new java.util.LinkedHashSet<>();
        List<String> found = new ArrayList<>();
        rules.byType().values().forEach(rule -> check(rules, rule, found));
        requirements.forEach(r -> found.addAll(r.problems(rules)));
        problems.addAll(found);
        return List.copyOf(problems);
    }

    private void check(Rules rules, TypeRule rule, List<String> problems) {
        String type = rule.type();
        if (rule.whenNoMatch().holdsForReview()) {
            checkReviewChoices(rules, rule, problems);
        } else if (!rule.whenNoMatch().createsNothing()) {
            checkNewPerson(rules, rule, problems);
        }
        if (!rule.activity().logsNothing()) {
            checkActivity(rules, rule, problems);
        }
        if (rule.links().createCase()) {
            requireObject("Case", rules.place(type, "links", "createCase"), problems);
        }
        rule.fields().forEach((sObject, mappings) -> {
            if (requireObject(sObject, rules.place(type, "fields", sObject), problems)) {
                for (int i = 0; i < mappings.size(); i++) {
                    mapping(sObject, mappings.get(i), rules.place(type, "fields", sObject, String.valueOf(i)), problems);
                }
            }
        });
    }

    /** The object the rule creates exists, can hold a person where it must, and takes the rule's constants. */
    private void checkNewPerson(Rules rules, TypeRule rule, List<String> problems) {
        String type = rule.type();
        NewPerson create = rule.whenNoMatch().create();
        String createdObject = create.sObject();
        requireObject(createdObject, rules.place(type, "whenNoMatch", "create"), problems);
        if (create == NewPerson.PERSON_ACCOUNT && org.field("Account", "PersonEmail").isEmpty()) {
            problems.add(rules.place(type, "whenNoMatch", "create") + ": this org has no Person Accounts "
                    + "(Account.PersonEmail is missing); enable them in Setup or create a Contact or Lead instead");
        }
        rule.whenNoMatch().placeholders().forEach((field, value) -> {
            Optional<FieldDescription> f = org.field(createdObject, field);
            String place = rules.place(type, "whenNoMatch", "placeholders", field);
            if (f.isEmpty() || !f.get().createable()) {
                problems.add(place + ": " + createdObject + (f.isEmpty() ? " has no field '" + field + "' in this org"
                        : "." + field + " cannot be set on a new record"));
            } else if (f.get().restrictedPicklist() && !f.get().picklistValues().contains(value)) {
                problems.add(place + ": '" + value + "' is not a value of " + createdObject + "." + field
                        + "; use one of " + f.get().picklistValues());
            }
        });
        if (rule.whenNoMatch().leadSource() != null && !createdObject.equals("Account")) {
            picklist(createdObject, "LeadSource", rule.whenNoMatch().leadSource(),
                    rules.place(type, "whenNoMatch", "leadSource"), "Lead Source", problems);
        }
    }

    /**
     * {@code create: review}: the person deciding may create a Lead or a Contact, so both must exist, the rule's
     * Lead Source must be a value of the Lead's picklist, and each placeholder a field of one of them at least.
     */
    private void checkReviewChoices(Rules rules, TypeRule rule, List<String> problems) {
        String type = rule.type();
        String place = rules.place(type, "whenNoMatch", "create");
        List<String> choices = List.of(NewPerson.LEAD.sObject(), NewPerson.CONTACT.sObject());
        boolean both = true;
        for (String sObject : choices) {
            if (org.describe(sObject).isEmpty()) {
                both = false;
                problems.add(place + ": 'review' lets a person create a Lead or a Contact, and this org has no "
                        + "object '" + sObject + "'; use 'create: none' or 'create: Lead'");
            }
        }
        if (!both) {
            return;
        }
        rule.whenNoMatch().placeholders().forEach((field, value) -> {
            boolean anywhere = choices.stream().anyMatch(o -> org.field(o, field).map(FieldDescription::createable)
                    .orElse(false));
            if (!anywhere) {
                problems.add(rules.place(type, "whenNoMatch", "placeholders", field) + ": neither Lead nor Contact has "
                        + "a field '" + field + "' that can be set on a new record in this org");
            }
        });
        if (rule.whenNoMatch().leadSource() != null) {
            picklist("Lead", "LeadSource", rule.whenNoMatch().leadSource(),
                    rules.place(type, "whenNoMatch", "leadSource"), "Lead Source", problems);
        }
    }

    /** The activity object exists and, for a Task, the statuses the rule writes are the org's. */
    private void checkActivity(Rules rules, TypeRule rule, List<String> problems) {
        String type = rule.type();
        String activity = rule.activity().object();
        requireObject(activity, rules.place(type, "activity", "object"), problems);
        if ("Task".equals(activity)) {
            picklist("Task", "Status", rule.activity().status(), rules.place(type, "activity", "status"),
                    "Task status", problems);
            if (rule.businessHours() != null && rule.businessHours().outsideStatus() != null) {
                picklist("Task", "Status", rule.businessHours().outsideStatus(),
                        rules.place(type, "businessHours", "outsideStatus"), "Task status", problems);
            }
        }
    }

    private boolean requireObject(String sObject, String place, List<String> problems) {
        Optional<OrgMetadata.ObjectDescription> object = org.describe(sObject);
        if (object.isEmpty()) {
            problems.add(place + ": this org has no object '" + sObject + "'; check the spelling (API names are case-sensitive)");
            return false;
        }
        return true;
    }

    private void picklist(String sObject, String field, String value, String place, String what, List<String> problems) {
        Optional<FieldDescription> f = org.field(sObject, field);
        if (f.isEmpty()) {
            problems.add(place + ": " + sObject + " has no field " + field + " in this org");
        } else if (!f.get().picklistValues().isEmpty() && !f.get().picklistValues().contains(value)) {
            problems.add(place + ": '" + value + "' is not a " + what + " value in this org; use one of "
                    + f.get().picklistValues() + " or add it in Setup");
        }
    }

    private void mapping(String sObject, FieldMapping m, String place, List<String> problems) {
        Optional<FieldDescription> found = org.field(sObject, m.field());
        if (found.isEmpty()) {
            problems.add(place + ": " + sObject + " has no field '" + m.field() + "' in this org; check the API name "
                    + "(custom fields end in __c)");
            return;
        }
        FieldDescription target = found.get();
        if (!target.createable() && !target.updateable()) {
            problems.add(place + ": " + sObject + "." + m.field() + " is read-only; Switchboard cannot write it");
            return;
        }
        String source = sourceType(m);
        String t = target.type();
        String fits = null;
        if ("boolean".equals(t) && !"boolean".equals(source) && !isConstant(m, "true|false")) {
            fits = "a checkbox, fed by " + m.describeSource() + "; map a true/false value";
        } else if (NUMBER_TYPES.contains(t) && !"int".equals(source) && !isConstant(m, "-?\\d+(\\.\\d+)?")) {
            fits = "a number, fed by " + m.describeSource() + "; map a numeric path such as call.durationSeconds";
        } else if (("date".equals(t) || "datetime".equals(t)) && !"datetime".equals(source)) {
            fits = "a " + t + ", fed by " + m.describeSource() + "; map a time such as call.startTime";
        } else if (("reference".equals(t) || "id".equals(t)) && m.value() == null) {
            fits = "a reference to another record; map a constant record id with 'value'";
        } else if ("phone".equals(t) && !"phone".equals(source) && m.value() == null) {
            fits = "a phone field, fed by " + m.describeSource() + "; map a phone number such as person.phone";
        } else if ("email".equals(t) && !"email".equals(source) && m.value() == null) {
            fits = "an email field, fed by " + m.describeSource() + "; map an email such as person.email";
        } else if (target.restrictedPicklist() && m.value() != null && !target.picklistValues().contains(m.value())) {
            fits = "a restricted picklist without the value '" + m.value() + "'; use one of " + target.picklistValues();
        } else if (TEXT_TYPES.contains(t) && "longtext".equals(source) && target.length() < LONG_TEXT
                && !m.transforms().contains(FieldMapping.Transform.TRUNCATE)) {
            fits = "text of at most " + target.length() + " characters, fed by " + m.describeSource()
                    + " which can be longer; add 'transform: truncate' or map it to a long text area";
        }
        if (fits != null) {
            problems.add(place + ": " + sObject + "." + m.field() + " is " + fits);
        }
    }

    private static boolean isConstant(FieldMapping m, String pattern) {
        return m.value() != null && m.value().matches(pattern);
    }

    /** The type a mapping produces: from the contract for a path, text for a template or constant. */
    private static String sourceType(FieldMapping m) {
        if (m.path() != null) {
            return CONTRACT_TYPES.getOrDefault(m.path(), "text");
        }
        if (m.template() != null) {
            Matcher placeholder = PLACEHOLDER.matcher(m.template().source());
            while (placeholder.find()) {
                for (String alternative : placeholder.group(1).split("\\|")) {
                    if ("longtext".equals(CONTRACT_TYPES.get(alternative.trim()))) {
                        return "longtext";
                    }
                }
            }
        }
        return "text";
    }
}
