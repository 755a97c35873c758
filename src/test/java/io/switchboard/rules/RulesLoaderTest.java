package io.switchboard.rules;

import io.switchboard.model.rule.TypeRule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RulesLoaderTest {

    private final RulesLoader loader = new RulesLoader();

    @Test
    void theShippedRulesCoverEveryTypeOfTheContract() {
        Rules rules = loader.parse(io.switchboard.testing.TestRules.shipped(), io.switchboard.testing.TestRules.SHIPPED);
        assertThat(rules.byType()).containsOnlyKeys("call.inbound", "call.outbound", "call.missed", "voicemail",
                "sms.inbound", "sms.outbound", "conversation.updated", "web.pageview", "web.form",
                "campaign.engagement", "web.personalization", "call.recording");
        assertThat(rules.unknownTypes()).isEqualTo(Rules.UnknownTypePolicy.DEAD_LETTER);
    }

    @Test
    void aTypeOverridesOnlyWhatItNames() {
        Rules rules = loader.parse("""
                defaults:
                  whenNoMatch:
                    create: Lead
                    leadSource: Phone Inquiry
                  activity:
                    status: Completed
                types:
                  call.missed:
                    activity:
                      status: Not Started
                  web.form:
                    whenNoMatch:
                      leadSource: Web
                """, "test");
        TypeRule missed = rules.forType("call.missed").orElseThrow();
        assertThat(missed.activity().status()).isEqualTo("Not Started");
        assertThat(missed.whenNoMatch().leadSource()).isEqualTo("Phone Inquiry");
        TypeRule form = rules.forType("web.form").orElseThrow();
        assertThat(form.whenNoMatch().leadSource()).isEqualTo("Web");
        assertThat(form.whenNoMatch().create()).isEqualTo(io.switchboard.model.rule.NewPerson.LEAD);
        assertThat(form.activity().status()).isEqualTo("Completed");
    }

    @Test
    void aCaseSubjectTemplateThatCannotParseIsAStartUpProblemNotADeadLetterPerEvent() {
        InvalidRulesException e = catchThrowableOfType(InvalidRulesException.class, () -> loader.parse("""
                types:
                  call.inbound:
                    links:
                      to: case
                      createCase: true
                      caseSubject: "Call from {person.name"
                """, "test"));
        assertThat(e.problems()).singleElement().asString().contains("caseSubject").contains("unclosed");
    }

    @Test
    void aLinkTargetIsOneOfTheKnownWords() {
        InvalidRulesException e = catchThrowableOfType(InvalidRulesException.class, () -> loader.parse("""
                types:
                  call.inbound:
                    links:
                      to: account
                """, "test"));
        assertThat(e.problems()).singleElement().asString().contains("none, case, opportunity");
        assertThat(loader.parse("types:\n  call.inbound:\n    links:\n      to: opportunity\n", "test")
                .forType("call.inbound").orElseThrow().links().to()).isEqualTo(io.switchboard.model.rule.LinkTarget.OPPORTUNITY);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLine() {
        InvalidRulesException e = catchThrowableOfType(InvalidRulesException.class, () -> loader.parse("""
                defaults:
                  match:
                    strategy: fuzzy
                types:
                  call.inbound:
                    skipWhen:
                      - field: category
                        matches: "[unclosed"
                    activity:
                      subject: "Call from {person.name"
                      colour: blue
                  voicemail:
                    whenNoMatch:
                      create: Opportunity
                """, "rules.yaml"));
        // the default's bad strategy once, at its own line, not once per type that inherits it
        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems()).filteredOn(p -> p.contains("'fuzzy'")).singleElement().asString()
                .startsWith("defaults.match.strategy (line 3)").contains("'fuzzy' is not one of email-only, email-then-phone");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("types.call.inbound.skipWhen.0.matches (line 8)").contains("not a valid regular expression"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("types.call.inbound.activity.subject (line 10)").contains("unclosed '{'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("types.call.inbound.activity.colour (line 11)").contains("unknown setting 'colour'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("types.voicemail.whenNoMatch.create (line 14)").contains("'Opportunity' is not one of Lead, Contact, Account, PersonAccount, none"));
        assertThat(e.getMessage()).contains("rules.yaml has 5 problem(s)");
    }

    /**
     * An edit as people make them: a tab, a line indented one space too far, a type given twice, a word where a list
     * goes. The lines that break the YAML are said at their lines and left out, and the rest is still read, so one
     * report holds every problem (and the org's, see RulesAgainstTheOrgIT).
     */
    @Test
    void aBrokenEditsSyntaxErrorsAndEveryOtherProblemAreInOneReportEachWithItsLine() {
        Loaded read = loader.read("""
                defaults:
                  match:
                    objects: Contact
                types:
                  call.inbound:
                    activity:
                      subject: "Inbound call"
                     status: Completed
                  voicemail:
                \tactivity: {status: Not Started}
                  call.inbound:
                    enabled: nope
                    skipWhen:
                      field: category
                      in: Spam
                    activity:
                      colour: blue
                """, "rules.yaml");
        assertThat(read.readable()).isTrue();
        assertThat(read.problems()).hasSize(7);
        assertThat(read.problems()).anySatisfy(p -> assertThat(p).startsWith("line 8 (column 6) is not valid YAML: ")
                .endsWith("; the rest of the file was checked without this line"));
        assertThat(read.problems()).anySatisfy(p -> assertThat(p).startsWith("line 10 (column 1) is not valid YAML: a tab")
                .contains("indent with spaces"));
        assertThat(read.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound (line 11)")
                .contains("set twice in one mapping, at lines 5 and 11"));
        assertThat(read.problems()).anySatisfy(p -> assertThat(p).startsWith("defaults.match.objects (line 3)")
                .contains("list the objects"));
        assertThat(read.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.enabled (line 12)")
                .contains("'nope' is not true or false"));
        assertThat(read.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.skipWhen.in (line 15)")
                .contains("list the values"));
        assertThat(read.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.activity.colour (line 17)"));
    }

    @Test
    void aTypeCanSwitchADefaultOffAndDomainMatchingTargetsAccounts() {
        Rules rules = loader.parse("""
                defaults:
                  businessHours:
                    zone: Europe/Berlin
                    outside: skip
                  match:
                    objects: [Contact, Lead]
                types:
                  call.inbound: {}
                  web.pageview:
                    businessHours: null
                    match:
                      strategy: account-by-domain
                """, "test");
        assertThat(rules.forType("call.inbound").orElseThrow().businessHours()).isNotNull();
        assertThat(rules.forType("web.pageview").orElseThrow().businessHours()).isNull();
        assertThat(rules.forType("web.pageview").orElseThrow().match().objects()).containsExactly("Account");
        assertThat(rules.forType("call.inbound").orElseThrow().match().objects()).containsExactly("Contact", "Lead");
    }

    @Test
    void participantsAndCustomActivityObjectsAreReadAndTheirMistakesNamedWithLines() {
        Rules rules = loader.parse("""
                types:
                  call.inbound:
                    activity:
                      participants: shared
                  call.outbound:
                    activity:
                      object: Call_Log__c
                      personFields: {Contact: Contact__c, Lead: Lead__c}
                      keyField: Call_Key__c
                """, "test");
        TypeRule.ActivityRule shared = rules.forType("call.inbound").orElseThrow().activity();
        assertThat(shared.participants()).isEqualTo(TypeRule.Participants.SHARED);
        assertThat(shared.standard()).isTrue();
        TypeRule.ActivityRule log = rules.forType("call.outbound").orElseThrow().activity();
        assertThat(log.standard()).isFalse();
        assertThat(log.participants()).isEqualTo(TypeRule.Participants.EACH);
        assertThat(log.personFields()).containsEntry("Contact", "Contact__c").containsEntry("Lead", "Lead__c");
        assertThat(log.keyField()).isEqualTo("Call_Key__c");

        InvalidRulesException e = catchThrowableOfType(() -> loader.parse("""
                types:
                  call.inbound:
                    activity:
                      participants: everyone
                  call.outbound:
                    activity:
                      object: Call_Log__c
                      participants: shared
                  call.missed:
                    activity:
                      object: Task
                      personFields: {Contact: Contact__c}
                      keyField: Key__c
                  voicemail:
                    activity:
                      object: Opportunity
                  sms.inbound:
                    activity:
                      object: Call_Log__c
                      personFields: {Case: Case__c}
                """, "rules.yaml"), InvalidRulesException.class);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.activity.participants (line 4)")
                .contains("'everyone' is not one of shared, each"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.outbound.activity.object (line 7)")
                .contains("needs 'personFields'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.outbound.activity.participants (line 8)")
                .contains("a custom object has no relations to several people"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.missed.activity.personFields (line 12)")
                .contains("Task relates the person through WhoId"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.missed.activity.keyField (line 13)")
                .contains("switchboard.delivery.event-id-field"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.voicemail.activity.object (line 16)")
                .contains("cannot log a 'Opportunity'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.sms.inbound.activity.personFields.Case (line 20)")
                .contains("'Case' is not a person's object"));
        assertThat(e.problems()).hasSize(7);
    }

    @Test
    void anUpdateExistingRuleMatchesNobodyAndCreatesNothing() {
        Rules rules = loader.parse("""
                defaults:
                  whenNoMatch:
                    create: Lead
                  activity:
                    subject: "{type}"
                types:
                  call.recording:
                    activity:
                      mode: update-existing
                      description: "Recording: {call.recordingUrl}"
                """, "rules.yaml");
        TypeRule recording = rules.byType().get("call.recording");
        assertThat(recording.activity().updatesExistingOnly()).isTrue();
        assertThat(recording.activity().object()).isEqualTo("Task");
        assertThat(recording.whenNoMatch().createsNothing()).isTrue();
    }

    @Test
    void anUpdateExistingRuleThatWouldMatchCreateOrRelogIsRefusedLineByLine() {
        InvalidRulesException e = catchThrowableOfType(() -> loader.parse("""
                defaults:
                  activity:
                    mode: update-existing
                types:
                  call.recording:
                    match:
                      strategy: phone-only
                    whenNoMatch:
                      create: Lead
                    activity:
                      mode: update-existing
                      subject: "Recording"
                      description: "Recording: {call.recordingUrl}"
                  voicemail.transcribed:
                    activity:
                      mode: update-existing
                  sms.receipt:
                    activity:
                      object: none
                      mode: update-existing
                  chat.summary:
                    activity:
                      mode: replace
                """, "rules.yaml"), InvalidRulesException.class);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("defaults.activity.mode (line 3)")
                .contains("not a default for every type"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.recording.match (line 6)")
                .contains("matches nobody and creates nothing; remove 'match'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.recording.whenNoMatch (line 8)")
                .contains("remove 'whenNoMatch'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.call.recording.activity.subject (line 12)")
                .contains("leaves the activity's subject"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.voicemail.transcribed.activity.mode (line 16)")
                .contains("give the type its own description"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.sms.receipt.activity.mode (line 20)")
                .contains("needs an activity to update"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("types.chat.summary.activity.mode (line 23)")
                .contains("'replace' is not one of log, update-existing"));
        assertThat(e.problems()).hasSize(7);
    }
}
