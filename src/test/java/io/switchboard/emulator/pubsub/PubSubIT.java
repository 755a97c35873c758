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
                from(uri).process(e -> received.add(new Received(e.getIn().getBody(GenericRecord.class),
                        e.getIn().getHeader("CamelSalesforcePubSubReplayId", String.class))));
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
