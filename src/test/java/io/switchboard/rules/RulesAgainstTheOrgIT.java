package io.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.EndToEndTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Rules checked against the emulated org's describe metadata: each problem named with its place and line. */
class RulesAgainstTheOrgIT extends EndToEndTest {

    @Autowired
    RulesValidator validator;

    @Test
    void theShippedRulesAreValidAgainstTheOrg() {
        assertThat(validator.problems(new RulesLoader().parse(io.switchboard.testing.TestRules.shipped(),
                io.switchboard.testing.TestRules.SHIPPED))).isEmpty();
    }

    @Test
    void problemsOfTheFilesStructureAndAgainstTheOrgAreReportedTogetherEachOnce() {
        Loaded read = new RulesLoader().read("""
                defaults:
                  activity:
                    colour: blue
                  whenNoMatch:
                    leadSource: Phone Inqury
                types:
                  call.inbound:
                    match:
                      strategy: fuzzy
                  call.missed: {}
                  voicemail: {}
                """, "broken.yaml");
        List<String> problems = validator.problems(read);
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("defaults.activity.colour (line 3)"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.match.strategy (line 9)"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("defaults.whenNoMatch.leadSource (line 5)")
                .contains("'Phone Inqury' is not a Lead Source value in this org"));
    }

    /** A line that breaks the YAML no longer hides the rest: the org's problems come in the same report. */
    @Test
    void aSyntaxErrorAndTheOrgsProblemsOfOneEditAreReportedTogether() {
        Loaded read = new RulesLoader().read("""
                defaults:
                  whenNoMatch:
                    leadSource: Phone Inqury
                types:
                  call.inbound:
                    activity:
                      subject: "Inbound call"
                     status: Completed
                  call.missed:
                    fields:
                      Lead:
                        - {field: Titel, from: person.title}
                """, "broken.yaml");
        List<String> problems = validator.problems(read);
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 8 (column 6) is not valid YAML"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("defaults.whenNoMatch.leadSource (line 3)")
                .contains("'Phone Inqury' is not a Lead Source value in this org"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.missed.fields.Lead.0 (line 12)")
                .contains("Titel"));
    }

    @Test
    void everyProblemAgainstTheOrgIsReportedWithItsLine() {
        Rules rules = new RulesLoader().parse("""
                defaults:
                  whenNoMatch:
                    leadSource: Phone Inqury
                    placeholders:
                      Ratting: Warm
                types:
                  call.inbound:
                    activity:
                      status: Done
                    fields:
                      Leed:
                        - field: Title
                          from: person.title
                      Lead:
                        - field: Titel
                          from: person.title
                        - field: Name
                          from: person.name
                        - field: Phone
                          from: person.name
                        - field: Title
                          from: content.transcript
                      Task:
                        - field: CallDurationInSeconds
                          from: person.name
                        - field: ActivityDate
                          from: category
                        - field: Status
                          value: Urgent
                """, "broken.yaml");
        List<String> problems = validator.problems(rules);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("defaults.whenNoMatch.leadSource (line 3)")
                .contains("'Phone Inqury' is not a Lead Source value in this org").contains("Phone Inquiry"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.activity.status (line 9)")
                .contains("'Done' is not a Task status value"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Leed (line 11)")
                .contains("no object 'Leed'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Lead.0 (line 15)")
                .contains("Lead has no field 'Titel'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Lead.1 (line 17)")
                .contains("Lead.Name is read-only"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Lead.2 (line 19)")
                .contains("Lead.Phone is a phone field"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Lead.3 (line 21)")
                .contains("add 'transform: truncate'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Task.0 (line 24)")
                .contains("Task.CallDurationInSeconds is a number"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Task.1 (line 26)")
                .contains("Task.ActivityDate is a date"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Task.2 (line 28)")
                .contains("restricted picklist without the value 'Urgent'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("defaults.whenNoMatch.placeholders.Ratting (line 5)")
                .contains("Lead has no field 'Ratting'"));
        assertThat(problems).hasSize(11);
    }
}
