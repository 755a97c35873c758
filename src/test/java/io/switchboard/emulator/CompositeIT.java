package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectComposite;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectCompositeResponse;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectCompositeResult;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Composite, batch, tree and sObject Collections: through Camel's strict DTOs where Camel has them, raw otherwise. */
class CompositeIT {

    static SalesforceEmulator emulator;
    static DefaultCamelContext camel;
    static ProducerTemplate template;
    static RawApi raw;

    @BeforeAll
    static void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorSettings.defaults().withPort(0)
                .withExtraSchema(Path.of("src/test/resources/emulator/switchboard-org.yaml")));
        camel = CamelContractIT.camelFor(emulator, sf -> {
            sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            sf.setUserName(emulator.settings().username());
            sf.setPassword(emulator.settings().password());
            sf.setClientSecret(emulator.settings().clientSecret());
        });
        template = camel.createProducerTemplate();
        raw = new RawApi(emulator);
    }

    @AfterAll
    static void stop() {
        camel.stop();
        emulator.close();
    }

    @BeforeEach
    void clean() {
        emulator.reset();
    }

    @Test
    void compositeWithReferencesParsesIntoCamelsStrictDto() {
        SObjectComposite composite = new SObjectComposite("62.0", true);
        composite.addGeneric(SObjectComposite.Method.POST, "/sobjects/Account", Map.of("Name", "Acme"), "acct");
        composite.addGeneric(SObjectComposite.Method.POST, "/sobjects/Contact",
                Map.of("LastName", "Ref", "AccountId", "@{acct.id}"), "contact");
        composite.addQuery("SELECT Id, Account.Name FROM Contact WHERE AccountId = '@{acct.id}'", "query");
        composite.addGeneric(SObjectComposite.Method.PATCH, "/sobjects/Contact/@{query.records[0].Id}",
                Map.of("Title", "Boss"), "update");
        long before = emulator.apiRequests();

        Exchange out = template.request("salesforce:composite?rawPayload=false", e -> e.getIn().setBody(composite));
        assertThat(out.getException()).isNull();
        SObjectCompositeResponse response = out.getMessage().getBody(SObjectCompositeResponse.class);
        assertThat(response).isNotNull();
        List<SObjectCompositeResult> results = response.getCompositeResponse();
        assertThat(results).extracting(SObjectCompositeResult::getHttpStatusCode).containsExactly(201, 201, 200, 204);
        assertThat(results).extracting(SObjectCompositeResult::getReferenceId).containsExactly("acct", "contact", "query", "update");
        assertThat(emulator.org().query("SELECT Title, Account.Name FROM Contact")).singleElement()
                .satisfies(r -> assertThat(r.get("Title")).isEqualTo("Boss"));
        assertThat(emulator.apiRequests() - before).as("a composite counts as one request").isEqualTo(1);
    }

    @Test
    void compositeAllOrNoneRollsBack() throws Exception {
        String body = """
                {"allOrNone":true,"compositeRequest":[
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"a","body":{"Name":"Gone"}},
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Lead","referenceId":"bad","body":{"LastName":"NoCompany"}},
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Contact","referenceId":"c","body":{"LastName":"Never"}}]}""";
        JsonNode response = raw.call("POST", "/composite", body).body();
        JsonNode results = response.get("compositeResponse");
        assertThat(WireFormatIT.keys(results.get(0))).containsExactly("body", "httpHeaders", "httpStatusCode", "referenceId");
        assertThat(results.get(0).get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(results.get(0).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(results.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(results.get(2).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(emulator.org().count("Account")).isZero();
        assertThat(emulator.org().count("Contact")).isZero();
    }

    @Test
    void aSubrequestUrlLongerThanARequestUriMayBeIsRefusedAloneAndTheOthersRun() throws Exception {
        String list = "'" + "x".repeat(40) + "', ";
        String longQuery = "SELECT Id FROM Contact WHERE Email IN (" + list.repeat(400) + "'y')";
        String longUrl = "/services/data/v62.0/query?q=" + java.net.URLEncoder.encode(longQuery, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(longUrl.length()).isGreaterThan(SalesforceEmulator.MAX_URI_LENGTH);
        String body = "{\"compositeRequest\":["
                + "{\"method\":\"GET\",\"url\":\"" + longUrl + "\",\"referenceId\":\"long\"},"
                + "{\"method\":\"GET\",\"url\":\"/services/data/v62.0/query?q=SELECT+Id+FROM+Contact\",\"referenceId\":\"short\"}]}";
        JsonNode results = raw.call("POST", "/composite", body).body().get("compositeResponse");
        assertThat(results.get(0).get("httpStatusCode").asInt()).isEqualTo(414);
        assertThat(results.get(0).get("body").get(0).get("errorCode").asText()).isEqualTo("URI_TOO_LONG");
        assertThat(results.get(1).get("httpStatusCode").asInt()).isEqualTo(200);
    }

    @Test
    void compositeWithoutAllOrNoneKeepsSuccessesAndHaltsDependants() throws Exception {
        String body = """
                {"compositeRequest":[
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Lead","referenceId":"bad","body":{"LastName":"x"}},
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Task","referenceId":"t","body":{"WhoId":"@{bad.id}"}},
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"a","body":{"Name":"Kept"}}]}""";
        JsonNode results = raw.call("POST", "/composite", body).body().get("compositeResponse");
        assertThat(results.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(results.get(2).get("httpStatusCode").asInt()).isEqualTo(201);
        assertThat(results.get(2).get("httpHeaders").get("Location").asText()).startsWith("/services/data/v62.0/sobjects/Account/001");
        assertThat(emulator.org().count("Account")).isEqualTo(1);
    }

    /**
     * A collection naming an earlier collection's records: a reference to a record that failed there (a failed item
     * has no id) halts the whole collection holding it, and nothing of it is written; one naming only records that
     * were created is carried out.
     */
    @Test
    void aCollectionNamingAFailedRecordOfAnEarlierCollectionIsHaltedWhole() throws Exception {
        String body = """
                {"allOrNone":false,"compositeRequest":[
                  {"method":"POST","url":"/services/data/v62.0/composite/sobjects","referenceId":"people","body":
                    {"allOrNone":false,"records":[
                      {"attributes":{"type":"Lead"},"LastName":"Created","Company":"C"},
                      {"attributes":{"type":"Lead"},"Company":"No last name"}]}},
                  {"method":"POST","url":"/services/data/v62.0/composite/sobjects","referenceId":"both","body":
                    {"allOrNone":false,"records":[
                      {"attributes":{"type":"Task"},"Subject":"first","WhoId":"@{people[0].id}"},
                      {"attributes":{"type":"Task"},"Subject":"second","WhoId":"@{people[1].id}"}]}},
                  {"method":"POST","url":"/services/data/v62.0/composite/sobjects","referenceId":"created","body":
                    {"allOrNone":false,"records":[
                      {"attributes":{"type":"Task"},"Subject":"only the created","WhoId":"@{people[0].id}"}]}}]}""";
        JsonNode results = raw.call("POST", "/composite", body).body().get("compositeResponse");
        assertThat(results.get(0).get("body").get(1).get("success").asBoolean()).isFalse();
        assertThat(results.get(0).get("body").get(1).has("id")).isFalse();
        assertThat(results.get(1).get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(results.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(results.get(2).get("body").get(0).get("success").asBoolean()).isTrue();
        assertThat(emulator.org().count("Task")).isEqualTo(1);
    }

    @Test
    void collectionsThroughCamel() {
        List<Map<String, Object>> records = List.of(
                Map.of("attributes", Map.of("type", "Contact"), "LastName", "One"),
                Map.of("attributes", Map.of("type", "Account"), "Name", "Two"));
        @SuppressWarnings("unchecked")
        List<SaveSObjectResult> created = template.requestBody("salesforce:compositeCreateSObjectCollections", records, List.class);
        assertThat(created).hasSize(2).allSatisfy(r -> assertThat(r.getSuccess()).isTrue());

        List<Map<String, Object>> upserts = List.of(
                Map.of("attributes", Map.of("type", "Task"), "Switchboard_Event_Id__c", "e1", "Subject", "a"),
                Map.of("attributes", Map.of("type", "Task"), "Switchboard_Event_Id__c", "e2", "Status", "Nope"));
        Exchange out = template.request("salesforce:compositeUpsertSObjectCollections?sObjectName=Task&sObjectIdName=Switchboard_Event_Id__c",
                e -> e.getIn().setBody(upserts));
        @SuppressWarnings("unchecked")
        List<UpsertSObjectResult> upserted = out.getMessage().getBody(List.class);
        assertThat(upserted.get(0).getCreated()).isTrue();
        assertThat(upserted.get(1).getSuccess()).isFalse();
        assertThat(upserted.get(1).getErrors().get(0).getErrorCode()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
    }

    @Test
    void collectionsAllOrNoneRollsBackWithTheRealCode() throws Exception {
        String body = """
                {"allOrNone":true,"records":[
                  {"attributes":{"type":"Contact"},"LastName":"Fine"},
                  {"attributes":{"type":"Contact"},"FirstName":"NoLastName"}]}""";
        JsonNode results = raw.call("POST", "/composite/sobjects", body).body();
        // a create rolled back names no record: no id key, as the documented example shows
        assertThat(WireFormatIT.keys(results.get(0))).containsExactly("success", "errors");
        assertThat(results.get(0).get("success").asBoolean()).isFalse();
        assertThat(results.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(results.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(WireFormatIT.keys(results.get(1).get("errors").get(0))).containsExactly("statusCode", "message", "fields");
        assertThat(emulator.org().count("Contact")).isZero();

        String a = emulator.org().insert("Contact", Map.of("LastName", "A"));
        String b = emulator.org().insert("Contact", Map.of("LastName", "B"));
        JsonNode retrieved = raw.call("POST", "/composite/sobjects/Contact",
                "{\"ids\":[\"" + a + "\",\"" + b + "\"],\"fields\":[\"LastName\"]}").body();
        assertThat(retrieved.get(1).get("LastName").asText()).isEqualTo("B");
        JsonNode deleted = raw.call("DELETE", "/composite/sobjects?ids=" + a + "," + b + "&allOrNone=false", null).body();
        assertThat(deleted).hasSize(2).allSatisfy(r -> assertThat(r.get("success").asBoolean()).isTrue());
        assertThat(emulator.org().count("Contact")).isZero();
    }

    @Test
    void batchAndTree() throws Exception {
        String batch = """
                {"haltOnError":true,"batchRequests":[
                  {"method":"POST","url":"v62.0/sobjects/Account","richInput":{"Name":"B1"}},
                  {"method":"GET","url":"v62.0/sobjects/Account/001Hs0000000001"},
                  {"method":"GET","url":"v62.0/limits"}]}""";
        JsonNode results = raw.call("POST", "/composite/batch", batch).body();
        assertThat(WireFormatIT.keys(results)).containsExactly("hasErrors", "results");
        assertThat(results.get("hasErrors").asBoolean()).isTrue();
        assertThat(WireFormatIT.keys(results.get("results").get(0))).containsExactlyInAnyOrder("statusCode", "result");
        assertThat(results.get("results").get(0).get("statusCode").asInt()).isEqualTo(201);
        assertThat(results.get("results").get(1).get("statusCode").asInt()).isEqualTo(404);
        assertThat(results.get("results").get(2).get("statusCode").asInt()).isEqualTo(412);

        String tree = """
                {"records":[{"attributes":{"type":"Account","referenceId":"ref1"},"Name":"Tree",
                  "Contacts":{"records":[{"attributes":{"type":"Contact","referenceId":"ref2"},"LastName":"Leaf"}]}}]}""";
        WireFormatIT.Reply created = raw.call("POST", "/composite/tree/Account", tree);
        assertThat(created.status()).isEqualTo(201);
        assertThat(WireFormatIT.keys(created.body().get("results").get(1))).containsExactly("referenceId", "id");
        assertThat(emulator.org().query("SELECT Account.Name FROM Contact WHERE LastName = 'Leaf'")).hasSize(1);

        String badTree = """
                {"records":[{"attributes":{"type":"Account","referenceId":"ok"},"Name":"Rolled",
                  "Contacts":{"records":[{"attributes":{"type":"Contact","referenceId":"broken"},"FirstName":"x"}]}}]}""";
        WireFormatIT.Reply failed = raw.call("POST", "/composite/tree/Account", badTree);
        assertThat(failed.status()).isEqualTo(400);
        assertThat(WireFormatIT.keys(failed.body().get("results").get(0))).containsExactly("referenceId", "errors");
        assertThat(emulator.org().query("SELECT Id FROM Account WHERE Name = 'Rolled'")).isEmpty();
    }
}
