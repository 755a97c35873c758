package io.switchboard.testing;

import io.switchboard.model.rule.CompanyAccount;
import io.switchboard.model.rule.FieldMapping;
import io.switchboard.model.rule.MatchStrategy;
import io.switchboard.model.rule.NewPerson;
import io.switchboard.model.rule.Template;
import io.switchboard.model.rule.TypeRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule built in code for tests, with the defaults of the rules file (email-then-phone over every object, a new
 * Lead, a completed Task) and only what a test needs said: {@code RuleBuilder.rule().creating(NewPerson.CONTACT).build()}.
 */
public final class RuleBuilder {

    private MatchStrategy strategy = MatchStrategy.EMAIL_THEN_PHONE;
    private List<String> objects = List.of("Contact", "Lead", "Account", "PersonAccount");
    private NewPerson create = NewPerson.LEAD;
    private CompanyAccount account = CompanyAccount.NONE;
    private String subject = "test";
    private String description = "";
    private String leadSource = "Other";
    private final Map<String, List<FieldMapping>> fields = new LinkedHashMap<>();

    private RuleBuilder() {
    }

    public static RuleBuilder rule() {
        return new RuleBuilder();
    }

    public RuleBuilder matching(MatchStrategy value, String... on) {
        strategy = value;
        objects = List.of(on);
        return this;
    }

    public RuleBuilder creating(NewPerson value) {
        create = value;
        return this;
    }

    public RuleBuilder withAccount(CompanyAccount value) {
        account = value;
        return this;
    }

    public RuleBuilder subject(String template) {
        subject = template;
        return this;
    }

    public RuleBuilder description(String template) {
        description = template;
        return this;
    }

    /** The LeadSource of new Leads. */
    public RuleBuilder leadSource(String value) {
        leadSource = value;
        return this;
    }

    /** A field filled from an event path where the record's is empty. */
    public RuleBuilder filling(String sObject, String field, String path) {
        List<FieldMapping> list = new java.util.ArrayList<>(fields.getOrDefault(sObject, List.of()));
        list.add(new FieldMapping(field, path, null, null, FieldMapping.Mode.FILL, List.of()));
        fields.put(sObject, List.copyOf(list));
        return this;
    }

    public TypeRule build() {
        return new TypeRule("test.type", true, null, null, new TypeRule.MatchRule(strategy, objects),
                new TypeRule.WhenNoMatch(create, leadSource, "[not provided]", Map.of(), account),
                new TypeRule.ActivityRule("Task", "Completed", null, Template.parse(subject), Template.parse(description)),
                TypeRule.LinkRule.none(), null, fields);
    }
}
