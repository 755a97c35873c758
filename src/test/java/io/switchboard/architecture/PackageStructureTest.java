package io.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure the README describes, kept so: feature packages over one shared model, no cycles, and
 * no stage that knows the orchestration. A plain unit test over the compiled main classes.
 */
class PackageStructureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // the main classes only, wherever the build puts them (-Dbuild.dir=...)
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.switchboard");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.switchboard.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void theModelDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("io.switchboard.model..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.switchboard.model..", "java..", "javax..",
                        "com.fasterxml.jackson..", "org.apache.camel..", "org.slf4j..")
                .check(main);
    }

    @Test
    void noStageImportsTheOrchestration() {
        noClasses().that().resideInAnyPackage("io.switchboard.event..", "io.switchboard.rules..",
                        "io.switchboard.matching..", "io.switchboard.delivery..", "io.switchboard.outcome..",
                        "io.switchboard.salesforce..", "io.switchboard.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.flow..", "io.switchboard.dryrun..")
                .check(main);
    }

    @Test
    void stagesDoNotReachIntoEachOther() {
        noClasses().that().resideInAnyPackage("io.switchboard.rules..", "io.switchboard.matching..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.delivery..", "io.switchboard.outcome..")
                .check(main);
        // what matching offers delivery: forgetting a record gone, and the normalized forms of emails and numbers
        noClasses().that().resideInAPackage("io.switchboard.delivery..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "matching's internals", (com.tngtech.archunit.core.domain.JavaClass c) ->
                                c.getPackageName().startsWith("io.switchboard.matching")
                                        && !java.util.Set.of("MatchMemory", "EmailAddresses", "PhoneNumbers").contains(c.getSimpleName())))
                .check(main);
    }

    @Test
    void parsingAndRecordingOutcomesKnowOnlyTheModel() {
        noClasses().that().resideInAnyPackage("io.switchboard.event..", "io.switchboard.outcome..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.rules..", "io.switchboard.matching..",
                        "io.switchboard.delivery..", "io.switchboard.salesforce..", "io.switchboard.operations..")
                .check(main);
    }

    @Test
    void theReviewQueueSitsAboveTheStages() {
        // the stages know a person's decision only as the model's Resolution; the queue uses them, never the reverse
        noClasses().that().resideInAnyPackage("io.switchboard.event..", "io.switchboard.rules..",
                        "io.switchboard.matching..", "io.switchboard.delivery..", "io.switchboard.outcome..",
                        "io.switchboard.salesforce..", "io.switchboard.model..", "io.switchboard.flow..",
                        "io.switchboard.dryrun..", "io.switchboard.operations..")
                .should().dependOnClassesThat().resideInAPackage("io.switchboard.review..")
                .check(main);
    }

    @Test
    void theSalesforceClientKnowsNoStage() {
        noClasses().that().resideInAPackage("io.switchboard.salesforce..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.switchboard.salesforce..", "java..", "javax..",
                        "com.fasterxml.jackson..", "org.apache.camel..", "org.slf4j..", "org.springframework..",
                        "com.google.common..", "io.micrometer..")
                .check(main);
    }

    @Test
    void theChangeFeedStandsBesideTheStagesAndNoneDependsOnIt() {
        noClasses().that().resideInAPackage("io.switchboard.changefeed..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.delivery..", "io.switchboard.flow..",
                        "io.switchboard.outcome..", "io.switchboard.rules..", "io.switchboard.dryrun..",
                        "io.switchboard.event..")
                .check(main);
        // of matching it uses the normalizations only (E.164, domains) and their settings
        noClasses().that().resideInAPackage("io.switchboard.changefeed..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "matching's internals", (com.tngtech.archunit.core.domain.JavaClass c) ->
                                c.getPackageName().startsWith("io.switchboard.matching")
                                        && !java.util.Set.of("PhoneNumbers", "Domains", "MatchingProperties").contains(c.getSimpleName())))
                .check(main);
        // the others learn of the org's changes through the model's OrgRecordChanged, never from the feed itself
        noClasses().that().resideOutsideOfPackage("io.switchboard.changefeed..")
                .should().dependOnClassesThat().resideInAPackage("io.switchboard.changefeed..")
                .check(main);
    }

    @Test
    void theIngressKnowsOnlyTheContract() {
        // a webhook is answered from the contract alone: it is read, checked and written to Kafka, never delivered
        noClasses().that().resideInAPackage("io.switchboard.ingress..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.rules..", "io.switchboard.matching..",
                        "io.switchboard.delivery..", "io.switchboard.salesforce..", "io.switchboard.outcome..",
                        "io.switchboard.flow..", "io.switchboard.dryrun..", "io.switchboard.operations..")
                .check(main);
    }

    @Test
    void theKafkaConnectionKnowsNoFeature() {
        // every feature builds its Kafka clients with io.switchboard.kafka.KafkaClients: it must stay below them all
        noClasses().that().resideInAPackage("io.switchboard.kafka..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.switchboard.kafka..", "java..", "javax..",
                        "org.apache.kafka..", "org.apache.camel..", "org.springframework..", "org.slf4j..",
                        "ch.qos.logback..")
                .check(main);
    }
}
