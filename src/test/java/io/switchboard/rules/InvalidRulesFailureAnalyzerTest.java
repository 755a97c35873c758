package io.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.junit.jupiter.api.Test;

/** A start stopped by the rules file: Spring Boot's report lists the problems, with no stack trace around them. */
class InvalidRulesFailureAnalyzerTest {

    @Test
    void theReportListsEveryProblemWithItsLineAndWhatToDo() {
        InvalidRulesException rules = new InvalidRulesException("config/rules.yaml", List.of(
                "line 8 (column 6) is not valid YAML: mapping values are not allowed here",
                "defaults.whenNoMatch.leadSource (line 3): 'Phone Inqury' is not a Lead Source value in this org"));
        // as the start meets it: inside the failure of the bean that read the file
        FailureAnalysis analysis = new InvalidRulesFailureAnalyzer()
                .analyze(new BeanCreationException("activeRules", "Failed to instantiate", rules));
        assertThat(analysis.getDescription()).contains("config/rules.yaml has 2 problem(s)")
                .contains("\n  - line 8 (column 6) is not valid YAML").contains("\n  - defaults.whenNoMatch.leadSource (line 3)");
        assertThat(analysis.getAction()).contains("Fix each problem at its line");
        assertThat(SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, getClass().getClassLoader()))
                .contains(InvalidRulesFailureAnalyzer.class.getName());
    }
}
