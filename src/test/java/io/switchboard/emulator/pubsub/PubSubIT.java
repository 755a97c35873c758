package io.switchboard.emulator.pubsub;

import io.switchboard.emulator.EmulatorSettings;
import io.switchboard.emulator.SalesforceEmulator;
import org.apache.avro.generic.GenericRecord;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Change Data Capture through the REAL Camel Salesforce component ({@code pubSubSubscribe}) against the emulator's
 * Pub/Sub API: the events a subscriber receives for the org's creates, updates, deletes, undeletes, lead
 * conversions and merges, gap events, and replay after a reconnect.
 */
class PubSubIT {

    static final Path SWITCHBOARD_SCHEMA = Path.of("src/test/resources/emulator/switchboard-org.yaml");

    static SalesforceEmulator emulator;
    DefaultCamelContext camel;

    /** One received exchange: the decoded event and Camel's replay id header. */
    record Received(GenericRecord event, String replayId) {
        GenericRecord header() {
            return (GenericRecord) event.get("ChangeEventHeader");
        }

        String changeType() {
            return header().get("changeType").toString();
        }

        List<String> recordIds() {
            return ((List<?>) header().get("recordIds")).stream().map(Object::toString).toList();
        }

        List<String> changedFields() {
            return ((List<?>) header().get("changedFields")).stream().map(Object::toString).toList();
        }

        List<String> nulledFields() {
            return ((List<?>) header().get("nulledFields")).stream().map(Object::toString).toList();
        }

        String entity() {
            return header().get("entityName").toString();
        }

        Object field(String name) {
            Object v = event.get(name);
            return v instanceof CharSequence s ? s.toString() : v;
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startOrg() {
        emulator = SalesforceEmulator.start(EmulatorSettings.defaults().withPort(0).withExtraSchema(SWITCHBOARD_SCHEMA));
    }

    @AfterAll
    static void stopOrg() {
        emulator.close();
    }

    @BeforeEach
    void clean() {
        emulator.reset();
    }

    @AfterEach
    void stopCamel() {
        if (camel != null) {
            camel.stop();
        }
    }

    final List<String> bodies = new CopyOnWriteArrayList<>();

    /** A Camel context with the Salesforce component pointed at the emulator and one subscribing route. */
    DefaultCamelContext subscribe(String uri) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        SalesforceComponent sf = new SalesforceComponent();
        sf.setLoginUrl(emulator.baseUrl());
        sf.setClientId(emulator.settings().clientId());
        sf.setClientSecret(emulator.settings().clientSecret());
        sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        sf.setUserName(emulator.settings().username());
        sf.setPassword(emulator.settings().password());
        sf.setPubSubHost(emulator.pubSub().host());
        sf.setPubSubPort(emulator.pubSub().port());
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        sf.setConfig(config);
        context.addComponent("salesforce", sf);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    if (e.getIn().getBody() instanceof GenericRecord event) {
                        received.add(new Received(event, e.getIn().getHeader("CamelSalesforcePubSubReplayId",
                                String.class)));
                    } else {
                        bodies.add(e.getIn().getBody(String.class));
                    }
                });
            }
        });
        context.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> emulator.pubSub().openSubscriptions() > 0);
        return context;
    }

    static String contacts(String preset) {
        return "salesforce:pubSubSubscribe:/data/ContactChangeEvent?replayPreset=" + preset
                + "&pubSubDeserializeType=GENERIC_RECORD";
    }

    @Test
    void aContactCreatedThroughRestArrivesAsACreateEventWithItsFields() throws Exception {
        camel = subscribe(contacts("LATEST"));

        String created = camel.createProducerTemplate().requestBodyAndHeader(
                "salesforce:createSObject?sObjectName=Contact&rawPayload=true",
                "{\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\",\"Email\":\"ada@example.com\","
                        + "\"Phone\":\"(415) 555-0134\",\"MailingCity\":\"London\"}", "Sforce-Call-Options",
                "client=switchboard", String.class);
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created).get("id").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        Received create = received.get(0);
        assertThat(create.entity()).isEqualTo("Contact");
        assertThat(create.changeType()).isEqualTo("CREATE");
        assertThat(create.recordIds()).containsExactly(id);
        assertThat(create.changedFields()).isEmpty();
        assertThat(create.field("Email")).isEqualTo("ada@example.com");
        assertThat(create.field("Phone")).isEqualTo("(415) 555-0134");
        GenericRecord name = (GenericRecord) create.event().get("Name");
        assertThat(name.get("FirstName").toString()).isEqualTo("Ada");
        assertThat(name.get("LastName").toString()).isEqualTo("Lovelace");
        assertThat(((GenericRecord) create.event().get("MailingAddress")).get("City").toString()).isEqualTo("London");
        assertThat(create.event().getSchema().getField("Id")).isNull();
        assertThat(create.header().get("commitUser").toString()).isEqualTo(emulator.org().integrationUserId());
        assertThat((Long) create.header().get("commitTimestamp")).isPositive();
        assertThat(create.replayId()).isNotBlank();
        assertThat(create.header().get("changeOrigin").toString())
                .isEqualTo("com/salesforce/api/rest/62.0;client=switchboard");
        assertThat((Integer) create.header().get("sequenceNumber")).isEqualTo(1);
        assertThat(create.header().get("transactionKey").toString()).isNotBlank();
    }

    @Test
    void anUpdateCarriesOnlyTheChangedFieldsAndTheirBitmaps() throws Exception {
        String id = emulator.org().insert("Contact", Map.of("LastName", "Hopper", "Email", "grace@example.com",
                "Title", "Rear Admiral"));
        camel = subscribe(contacts("LATEST"));

        java.util.Map<String, Object> change = new java.util.HashMap<>();
        change.put("Phone", "+14155550134");
        change.put("Title", null);
        emulator.org().modify("Contact", id, change);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        Received update = received.get(0);
        assertThat(update.changeType()).isEqualTo("UPDATE");
        assertThat(update.field("Phone")).isEqualTo("+14155550134");
        assertThat(update.field("Email")).isNull();
        org.apache.avro.Schema schema = update.event().getSchema();
        assertThat(decode(schema, update.changedFields())).containsExactlyInAnyOrder("Phone", "Title",
                "LastModifiedDate");
        assertThat(decode(schema, update.nulledFields())).containsExactly("Title");
    }

    static String all(String preset) {
        return "salesforce:pubSubSubscribe:/data/ChangeEvents?replayPreset=" + preset
                + "&pubSubDeserializeType=GENERIC_RECORD";
    }

    @Test
    void aDeleteIsHeaderOnlyAndAnUndeleteCarriesTheRecordAgain() throws Exception {
        String id = emulator.org().insert("Contact", Map.of("LastName", "Curie", "Email", "marie@example.com"));
        camel = subscribe(contacts("LATEST"));

        emulator.org().remove("Contact", id);
        emulator.org().undelete("Contact", id);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        Received delete = received.get(0);
        assertThat(delete.changeType()).isEqualTo("DELETE");
        assertThat(delete.recordIds()).containsExactly(id);
        assertThat(delete.field("Email")).isNull();
        assertThat(delete.event().get("Name")).isNull();
        Received undelete = received.get(1);
        assertThat(undelete.changeType()).isEqualTo("UNDELETE");
        assertThat(undelete.recordIds()).containsExactly(id);
        assertThat(undelete.field("Email")).isEqualTo("marie@example.com");
        assertThat(undelete.header().get("transactionKey")).isNotEqualTo(delete.header().get("transactionKey"));
    }

    @Test
    void deletingTwoRecordsInOneCollectionsRequestIsOneMergedEvent() throws Exception {
        String first = emulator.org().insert("Contact", Map.of("LastName", "One"));
        String second = emulator.org().insert("Contact", Map.of("LastName", "Two"));
        camel = subscribe(contacts("LATEST"));

        camel.createProducerTemplate().requestBodyAndHeader("salesforce:compositeDeleteSObjectCollections?allOrNone=true",
                null, "sObjectIds", List.of(first, second));

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        // documented "Merged Change Events": the same change of several records in one transaction is one event
        assertThat(received).hasSize(1);
        assertThat(received.get(0).changeType()).isEqualTo("DELETE");
        assertThat(received.get(0).recordIds()).containsExactly(first, second);
    }

    @Test
    void aLeadConversionIsOneTransactionOfAccountCreateContactCreateAndLeadUpdate() throws Exception {
        String lead = emulator.org().insert("Lead", Map.of("FirstName", "Alan", "LastName", "Turing",
                "Company", "Bletchley", "Email", "alan@example.com"));
        camel = subscribe(all("LATEST"));

        String contact = emulator.org().convertLead(lead);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(received).extracting(Received::entity, Received::changeType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Account", "CREATE"),
                org.assertj.core.groups.Tuple.tuple("Contact", "CREATE"),
                org.assertj.core.groups.Tuple.tuple("Lead", "UPDATE"));
        assertThat(received).extracting(r -> r.header().get("transactionKey").toString()).containsOnly(
                received.get(0).header().get("transactionKey").toString());
        assertThat(received).extracting(r -> (Integer) r.header().get("sequenceNumber")).containsExactly(1, 2, 3);
        String account = received.get(0).recordIds().get(0);
        assertThat(received.get(1).recordIds()).containsExactly(contact);
        assertThat(received.get(1).field("AccountId")).isEqualTo(account);
        assertThat(received.get(1).field("Email")).isEqualTo("alan@example.com");
        Received leadUpdate = received.get(2);
        assertThat(leadUpdate.recordIds()).containsExactly(lead);
        assertThat(leadUpdate.field("IsConverted")).isEqualTo(true);
        assertThat(leadUpdate.field("ConvertedContactId")).isEqualTo(contact);
        assertThat(leadUpdate.field("ConvertedAccountId")).isEqualTo(account);
        assertThat(decode(leadUpdate.event().getSchema(), leadUpdate.changedFields())).contains("IsConverted",
                "ConvertedContactId", "ConvertedAccountId", "Status", "LastModifiedDate");
    }

    @Test
    void aConversionIntoAnExistingAccountCreatesNoAccount() throws Exception {
        String account = emulator.org().insert("Account", Map.of("Name", "Bletchley Park"));
        String lead = emulator.org().insert("Lead", Map.of("LastName", "Clarke", "Company", "Bletchley"));
        camel = subscribe(all("LATEST"));

        String contact = emulator.org().convertLead(lead, account);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received).extracting(Received::entity, Received::changeType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Contact", "CREATE"),
                org.assertj.core.groups.Tuple.tuple("Lead", "UPDATE"));
        assertThat(received.get(0).field("AccountId")).isEqualTo(account);
        assertThat(received.get(1).field("ConvertedContactId")).isEqualTo(contact);
        assertThat(received.get(1).field("ConvertedAccountId")).isEqualTo(account);
    }

    @Test
    void aMergeUpdatesTheSurvivorReparentsChildrenAndDeletesTheMergedRecord() throws Exception {
        String survivor = emulator.org().insert("Account", Map.of("Name", "Acme"));
        String merged = emulator.org().insert("Account", Map.of("Name", "ACME Inc."));
        String child = emulator.org().insert("Contact", Map.of("LastName", "Coyote", "AccountId", merged));
        camel = subscribe(all("LATEST"));

        emulator.org().merge("Account", survivor, List.of(merged));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(received).extracting(Received::entity, Received::changeType, r -> r.recordIds().get(0))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Contact", "UPDATE", child),
                        org.assertj.core.groups.Tuple.tuple("Account", "UPDATE", survivor),
                        org.assertj.core.groups.Tuple.tuple("Account", "DELETE", merged));
        assertThat(received.get(0).field("AccountId")).isEqualTo(survivor);
        assertThat(received).extracting(r -> r.header().get("transactionKey").toString()).containsOnly(
                received.get(0).header().get("transactionKey").toString());
        // the merged-away record says where it went, for queryAll (nothing in the events says "merge")
        String rows = camel.createProducerTemplate().requestBody("salesforce:queryAll?rawPayload=true&sObjectQuery="
                + "SELECT Id, IsDeleted, MasterRecordId FROM Account WHERE Id = '" + merged + "'", null, String.class);
        com.fasterxml.jackson.databind.JsonNode row = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rows)
                .get("records").get(0);
        assertThat(row.get("IsDeleted").asBoolean()).isTrue();
        assertThat(row.get("MasterRecordId").asText()).isEqualTo(survivor);
    }

    @Test
    void aGapFaultSendsGapEventsWithTheRecordIdsAndNoData() throws Exception {
        String id = emulator.org().insert("Contact", Map.of("LastName", "Gap"));
        camel = subscribe(contacts("LATEST"));

        emulator.faults().changeEventGaps(1);
        emulator.org().modify("Contact", id, Map.of("Email", "gap@example.com"));
        emulator.org().modify("Contact", id, Map.of("Title", "After the gap"));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        Received gap = received.get(0);
        assertThat(gap.changeType()).isEqualTo("GAP_UPDATE");
        assertThat(gap.recordIds()).containsExactly(id);
        assertThat(gap.field("Email")).isNull();
        assertThat(gap.changedFields()).isEmpty();
        assertThat(received.get(1).changeType()).isEqualTo("UPDATE");
        assertThat(received.get(1).field("Title")).isEqualTo("After the gap");
    }

    @Test
    void anOverflowFaultEndsALargeTransactionWithOneOverflowEventPerEntity() throws Exception {
        camel = subscribe(contacts("LATEST"));

        emulator.faults().changeEventOverflowAfter(1);
        List<Map<String, Object>> records = List.of(
                Map.of("attributes", Map.of("type", "Contact"), "LastName", "First"),
                Map.of("attributes", Map.of("type", "Contact"), "LastName", "Second"),
                Map.of("attributes", Map.of("type", "Contact"), "LastName", "Third"));
        camel.createProducerTemplate().requestBody("salesforce:compositeCreateSObjectCollections?allOrNone=true",
                records);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received.get(0).changeType()).isEqualTo("CREATE");
        assertThat(received.get(1).changeType()).isEqualTo("GAP_OVERFLOW");
        assertThat(received.get(1).recordIds()).containsExactly("000000000000000AAA");
        assertThat(received.get(1).entity()).isEqualTo("Contact");
    }

    @Test
    void aSubscriberResumingFromItsLastReplayIdGetsExactlyWhatItMissed() throws Exception {
        camel = subscribe(contacts("LATEST"));
        emulator.org().insert("Contact", Map.of("LastName", "Before"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        String lastSeen = received.get(0).replayId();
        camel.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.pubSub().openSubscriptions() == 0);

        String missedOne = emulator.org().insert("Contact", Map.of("LastName", "Missed one"));
        String missedTwo = emulator.org().insert("Contact", Map.of("LastName", "Missed two"));
        received.clear();
        camel = subscribe(contacts("CUSTOM") + "&pubSubReplayId=" + lastSeen);
        String live = emulator.org().insert("Contact", Map.of("LastName", "Live"));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(received).extracting(r -> r.recordIds().get(0)).containsExactly(missedOne, missedTwo, live);
    }

    @Test
    void aSubscriberFromEarliestGetsEveryRetainedEventOfItsEntityOnly() throws Exception {
        emulator.pubSub().advanceClock(Duration.ofHours(73)); // everything older is gone
        String contact = emulator.org().insert("Contact", Map.of("LastName", "Retained"));
        emulator.org().insert("Lead", Map.of("LastName", "Other entity", "Company", "X"));

        camel = subscribe(contacts("EARLIEST"));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(received.get(0).recordIds()).containsExactly(contact);
    }

    @Test
    void aTransactionRolledBackEmitsNothing() throws Exception {
        camel = subscribe(contacts("LATEST"));
        List<Map<String, Object>> records = List.of(
                Map.of("attributes", Map.of("type", "Contact"), "LastName", "Would be created"),
                Map.of("attributes", Map.of("type", "Contact"), "Email", "no-last-name@example.com"));
        camel.createProducerTemplate().requestBodyAndHeader("salesforce:compositeCreateSObjectCollections",
                records, "allOrNone", true);
        assertThat(emulator.org().count("Contact")).as("all or none: nothing created").isZero();
        String after = emulator.org().insert("Contact", Map.of("LastName", "After the rollback"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received).extracting(r -> r.recordIds().get(0)).containsExactly(after);
    }

    @Test
    void theAdminApiMergesAndConvertsWithTheSameEvents() throws Exception {
        String survivor = emulator.org().insert("Contact", Map.of("LastName", "Keep"));
        String merged = emulator.org().insert("Contact", Map.of("LastName", "Lose"));
        String task = emulator.org().insert("Task", Map.of("Subject", "Call", "WhoId", merged));
        camel = subscribe(contacts("LATEST"));

        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUrl() + "/__emulator/merge"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sobject\":\"Contact\","
                                + "\"masterId\":\"" + survivor + "\",\"mergedIds\":[\"" + merged + "\"]}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received).extracting(Received::changeType, r -> r.recordIds().get(0)).containsExactly(
                org.assertj.core.groups.Tuple.tuple("UPDATE", survivor),
                org.assertj.core.groups.Tuple.tuple("DELETE", merged));
        assertThat(emulator.org().get("Task", task).get("WhoId")).isEqualTo(survivor);
        assertThat(emulator.org().get("Contact", merged)).isNull();
    }

    @Test
    void camelsJsonDeserializationReadsTheEvents() throws Exception {
        camel = subscribe("salesforce:pubSubSubscribe:/data/LeadChangeEvent?replayPreset=LATEST"
                + "&pubSubDeserializeType=JSON");

        String lead = emulator.org().insert("Lead", Map.of("FirstName", "Grace", "LastName", "Hopper",
                "Company", "Navy", "City", "Arlington"));

        await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 1);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(bodies.get(0));
        assertThat(json.at("/ChangeEventHeader/changeType").asText()).isEqualTo("CREATE");
        assertThat(json.at("/ChangeEventHeader/recordIds/0").asText()).isEqualTo(lead);
        assertThat(json.at("/Company").asText()).isEqualTo("Navy");
        assertThat(bodies.get(0)).contains("Grace").contains("Arlington");
    }

    /** Decodes a bitmap field as Salesforce's ChangeEventHeaderUtility does: bit n is field n of the schema. */
    static List<String> decode(org.apache.avro.Schema schema, List<String> bitmaps) {
        List<String> names = new java.util.ArrayList<>();
        for (String element : bitmaps) {
            if (element.startsWith("0x")) {
                java.math.BigInteger bits = new java.math.BigInteger(element.substring(2), 16);
                for (int i = 0; i < bits.bitLength(); i++) {
                    if (bits.testBit(i)) {
                        names.add(schema.getFields().get(i).name());
                    }
                }
            } else {
                int dash = element.indexOf('-');
                org.apache.avro.Schema.Field parent = schema.getFields().get(Integer.parseInt(element.substring(0, dash)));
                org.apache.avro.Schema nested = parent.schema().getTypes().get(1);
                java.math.BigInteger bits = new java.math.BigInteger(element.substring(dash + 3), 16);
                for (int i = 0; i < bits.bitLength(); i++) {
                    if (bits.testBit(i)) {
                        names.add(parent.name() + "." + nested.getFields().get(i).name());
                    }
                }
            }
        }
        return names;
    }
}
