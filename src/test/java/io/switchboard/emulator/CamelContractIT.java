package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.NoSuchSObjectException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives the emulator through the real Camel Salesforce component (no Spring): if these pass, the component's
 * request building and response parsing agree with the emulator's wire format.
 */
class CamelContractIT {

    static final Path SWITCHBOARD_SCHEMA = Path.of("src/test/resources/emulator/switchboard-org.yaml");
    static final ObjectMapper JSON = new ObjectMapper();

    static SalesforceEmulator emulator;
    static DefaultCamelContext camel;
    static ProducerTemplate template;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorSettings.defaults().withPort(0).withExtraSchema(SWITCHBOARD_SCHEMA));
        camel = camelFor(emulator, sf -> {
            sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            sf.setUserName(emulator.settings().username());
            sf.setPassword(emulator.settings().password());
            sf.setClientSecret(emulator.settings().clientSecret());
        });
        template = camel.createProducerTemplate();
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

    static DefaultCamelContext camelFor(SalesforceEmulator target, Consumer<SalesforceComponent> auth) {
        DefaultCamelContext context = new DefaultCamelContext();
        SalesforceComponent sf = new SalesforceComponent();
        sf.setLoginUrl(target.baseUrl());
        sf.setClientId(target.settings().clientId());
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        config.setRawPayload(true);
        sf.setConfig(config);
        auth.accept(sf);
        context.addComponent("salesforce", sf);
        context.start();
        return context;
    }

    private static JsonNode call(String operation, Object body, Map<String, Object> headers) throws Exception {
        Exchange out = template.request("salesforce:" + operation, e -> {
            e.getIn().setBody(body);
            e.getIn().getHeaders().putAll(headers);
        });
        if (out.getException() != null) {
            throw out.getException();
        }
        String text = out.getMessage().getBody(String.class);
        return text == null || text.isEmpty() ? null : JSON.readTree(text);
    }

    @Test
    void createGetUpdateQueryAndSearchThroughCamel() throws Exception {
        JsonNode created = call("createSObject", "{\"LastName\":\"Lovelace\",\"FirstName\":\"Ada\",\"Company\":\"Engines Ltd\","
                + "\"Phone\":\"(415) 555-0134\",\"Email\":\"ada@example.com\",\"LeadSource\":\"Web\"}", Map.of("sObjectName", "Lead"));
        String id = created.get("id").asText();
        assertThat(id).hasSize(18).startsWith("00Q");
        assertThat(created.get("success").asBoolean()).isTrue();

        JsonNode fetched = call("getSObject", null, Map.of("sObjectName", "Lead", "sObjectId", id));
        assertThat(fetched.get("Name").asText()).isEqualTo("Ada Lovelace");
        assertThat(fetched.get("Status").asText()).isEqualTo("Open - Not Contacted");
        assertThat(fetched.get("attributes").get("type").asText()).isEqualTo("Lead");

        call("updateSObject", "{\"Title\":\"Countess\"}", Map.of("sObjectName", "Lead", "sObjectId", id));
        assertThat(emulator.org().get("Lead", id).get("Title")).isEqualTo("Countess");

        JsonNode query = call("query", null, Map.of("sObjectQuery", "SELECT Id, Name, Title FROM Lead WHERE Email = 'ADA@example.com'"));
        assertThat(query.get("totalSize").asInt()).isEqualTo(1);
        assertThat(query.get("records").get(0).get("Title").asText()).isEqualTo("Countess");

        // the search index lags behind writes by default, as in a real org: exact SOQL saw the lead, SOSL does not yet
        Map<String, Object> sosl = Map.of("sObjectSearch",
                "FIND {4155550134} IN PHONE FIELDS RETURNING Lead(Id, Name), Contact(Id)");
        assertThat(call("search", null, sosl).get("searchRecords")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode search = call("search", null, sosl);
            assertThat(search.get("searchRecords")).hasSize(1);
            assertThat(search.get("searchRecords").get(0).get("Id").asText()).isEqualTo(id);
        });
    }

    @Test
    void upsertByExternalIdCreatesThenUpdates() throws Exception {
        Map<String, Object> headers = Map.of("sObjectName", "Task", "sObjectIdName", "Switchboard_Event_Id__c",
                "sObjectIdValue", "evt-1/α");
        JsonNode first = call("upsertSObject", "{\"Subject\":\"Call\",\"TaskSubtype\":\"Call\",\"CallType\":\"Inbound\"}", headers);
        assertThat(first.get("created").asBoolean()).isTrue();
        JsonNode second = call("upsertSObject", "{\"Subject\":\"Call again\"}", headers);
        assertThat(second.get("created").asBoolean()).isFalse();
        assertThat(second.get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(emulator.org().query("SELECT Subject, Switchboard_Event_Id__c FROM Task"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("Subject")).isEqualTo("Call again");
                    assertThat(r.get("Switchboard_Event_Id__c")).isEqualTo("evt-1/α");
                });
    }

    @Test
    void errorsArriveAsSalesforceExceptions() {
        assertThatThrownBy(() -> call("createSObject", "{\"LastName\":\"NoCompany\"}", Map.of("sObjectName", "Lead")))
                .isInstanceOfSatisfying(SalesforceException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrors()).singleElement().satisfies(err -> {
                        assertThat(err.getErrorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
                        assertThat(err.getFields()).containsExactly("Company");
                    });
                });
        assertThatThrownBy(() -> call("getSObject", null, Map.of("sObjectName", "Lead", "sObjectId", SalesforceIds.to18("00QHs0000000000"))))
                .isInstanceOf(NoSuchSObjectException.class);
    }

    @Test
    void limitInfoHeaderComesBackAsMessageHeader() {
        Exchange out = template.request("salesforce:query", e -> e.getIn().setHeader("sObjectQuery", "SELECT COUNT() FROM Contact"));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getHeader("Sforce-Limit-Info", String.class))
                .matches("api-usage=\\d+/100000");
    }

    @Test
    void reLoginsAfterSessionsExpire() throws Exception {
        call("createSObject", "{\"LastName\":\"Before\"}", Map.of("sObjectName", "Contact"));
        emulator.faults().expireSessions();
        JsonNode created = call("createSObject", "{\"LastName\":\"After\"}", Map.of("sObjectName", "Contact"));
        assertThat(created.get("success").asBoolean()).isTrue();
        assertThat(emulator.org().count("Contact")).isEqualTo(2);
    }

    @Test
    void clientCredentialsLogin() throws Exception {
        DefaultCamelContext context = camelFor(emulator, sf -> {
            sf.setAuthenticationType(AuthenticationType.CLIENT_CREDENTIALS);
            sf.setClientSecret(emulator.settings().clientSecret());
        });
        try {
            String body = context.createProducerTemplate().requestBodyAndHeader("salesforce:query", null,
                    "sObjectQuery", "SELECT Username FROM User ORDER BY Username", String.class);
            assertThat(JSON.readTree(body).get("totalSize").asInt()).isEqualTo(2);
        } finally {
            context.stop();
        }
    }

    @Test
    void jwtBearerLogin(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("jwt.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "switchboard", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=switchboard-test", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        X509Certificate certificate = (X509Certificate) ks.getCertificate("switchboard");

        try (SalesforceEmulator jwtOrg = SalesforceEmulator.start(EmulatorSettings.defaults().withPort(0)
                .withJwtCertificate(certificate))) {
            DefaultCamelContext context = camelFor(jwtOrg, sf -> {
                sf.setAuthenticationType(AuthenticationType.JWT);
                sf.setUserName(jwtOrg.settings().username());
                KeyStoreParameters parameters = new KeyStoreParameters();
                parameters.setResource("file:" + keystore);
                parameters.setPassword("changeit");
                parameters.setType("PKCS12");
                sf.setKeystore(parameters);
            });
            try {
                Map<String, Object> headers = new HashMap<>();
                headers.put("sObjectName", "Account");
                String body = context.createProducerTemplate().requestBodyAndHeaders("salesforce:createSObject",
                        "{\"Name\":\"Jwt Inc\"}", headers, String.class);
                assertThat(JSON.readTree(body).get("id").asText()).startsWith("001");
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void wrongPasswordFailsLogin() {
        DefaultCamelContext context = new DefaultCamelContext();
        SalesforceComponent sf = new SalesforceComponent();
        sf.setLoginUrl(emulator.baseUrl());
        sf.setClientId(emulator.settings().clientId());
        sf.setClientSecret(emulator.settings().clientSecret());
        sf.setUserName(emulator.settings().username());
        sf.setPassword("wrong");
        sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        context.addComponent("salesforce", sf);
        assertThatThrownBy(context::start).hasStackTraceContaining("invalid_grant");
        context.stop();
    }
}
