package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.emulator.WireFormatIT.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.switchboard.emulator.WireFormatIT.JSON;
import static io.switchboard.emulator.WireFormatIT.keys;
import static io.switchboard.emulator.WireFormatIT.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The places where a real org is stricter or different than an easy emulator would be, each one something the
 * product depends on: short pages and query locators, whole-second datetimes, DUPLICATE_VALUE wording, OAuth
 * without refresh tokens, the identity service, real API versions, and the small REST differences jsforce and sf
 * meet. Raw HTTP, through {@link WireFormatIT}'s helpers (which talk to {@link WireFormatIT#emulator}).
 */
class StrictOrgIT {

    @BeforeAll
    static void start() throws Exception {
        WireFormatIT.start();
    }

    @AfterAll
    static void stop() {
        WireFormatIT.stop();
    }

    @BeforeEach
    void clean() {
        emulator().reset();
    }

    private static SalesforceEmulator emulator() {
        return WireFormatIT.emulator;
    }

    private static Reply call(String method, String path, String body) throws Exception {
        return WireFormatIT.call(method, path, body);
    }

    private static Reply get(String path, String header, String value) throws Exception {
        return WireFormatIT.send(HttpRequest.newBuilder(URI.create(WireFormatIT.data + path))
                .header("Authorization", "Bearer " + WireFormatIT.token).header(header, value).GET().build());
    }

    private static void seedContacts(int n, boolean withDescriptions) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(withDescriptions ? Map.of("LastName", "P" + i, "Description", "d" + i) : Map.of("LastName", "P" + i));
        }
        emulator().org().seed(JSON.valueToTree(Map.of("Contact", rows)));
    }

    /** Follows nextRecordsUrl to the end; returns the page sizes and checks every id comes once. */
    private static List<Integer> pages(Reply first, int total) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        JsonNode page = first.body();
        while (true) {
            assertThat(page.get("totalSize").asInt()).isEqualTo(total);
            sizes.add(page.get("records").size());
            page.get("records").forEach(r -> assertThat(ids.add(r.get("Id").asText())).isTrue());
            if (page.get("done").asBoolean()) {
                assertThat(page.has("nextRecordsUrl")).isFalse();
                break;
            }
            Reply next = call("GET", emulator().baseUrl() + page.get("nextRecordsUrl").asText(), null);
            assertThat(next.status()).isEqualTo(200);
            page = next.body();
        }
        assertThat(ids).hasSize(total);
        return sizes;
    }

    // ---------------------------------------------------------------- paging

    @Test
    void twoLongTextAreasCapPagesAt200AndTheBatchSizeHeaderMovesPagesWithin200To2000() throws Exception {
        seedContacts(2300, true);
        assertThat(pages(call("GET", q("SELECT Id, Description FROM Contact"), null), 2300)).containsExactly(2000, 300);
        // Account.Description through the parent is a second long text area
        assertThat(pages(call("GET", q("SELECT Id, Description, Account.Description FROM Contact"), null), 2300))
                .allMatch(size -> size <= 200).hasSize(12);
        assertThat(pages(get(q("SELECT Id FROM Contact"), "Sforce-Query-Options", "batchSize=500"), 2300))
                .containsExactly(500, 500, 500, 500, 300);
        assertThat(pages(get(q("SELECT Id FROM Contact"), "Sforce-Query-Options", "batchSize=5"), 2300).get(0))
                .isEqualTo(200);
        assertThat(pages(get(q("SELECT Id FROM Contact"), "Sforce-Query-Options", "batchSize=9000"), 2300).get(0))
                .isEqualTo(2000);
    }

    @Test
    void forcedPageSizesGiveShortUnevenPagesWithDoneFalse() throws Exception {
        seedContacts(25, false);
        emulator().org().setPageSizes(List.of(7, 3, 11));
        Reply first = call("GET", q("SELECT Id FROM Contact"), null);
        assertThat(first.body().get("done").asBoolean()).isFalse();
        assertThat(pages(first, 25)).containsExactly(7, 3, 11, 4);
        // the admin API sets and shows the same setting; reset goes back to the start settings
        Reply set = WireFormatIT.send(HttpRequest.newBuilder(URI.create(emulator().baseUrl() + "/__emulator/settings"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"pageSizes\":[10]}")).build());
        assertThat(set.body().get("pageSizes").toString()).isEqualTo("[10]");
        assertThat(pages(call("GET", q("SELECT Id FROM Contact"), null), 25)).containsExactly(10, 10, 5);
        emulator().reset();
        assertThat(emulator().org().pageSizes()).isEmpty();
    }

    @Test
    void aLocatorIsUsedOnceByItsOwnUserAndQueryAllLocatorsSayQuery() throws Exception {
        seedContacts(30, false);
        emulator().org().setPageSizes(List.of(10));
        Reply first = call("GET", q("SELECT Id FROM Contact"), null);
        String next = first.body().get("nextRecordsUrl").asText();
        assertThat(next).matches("/services/data/v62\\.0/query/01g[0-9A-Za-z]{15}-10");
        assertThat(call("GET", emulator().baseUrl() + next, null).status()).isEqualTo(200);
        Reply again = call("GET", emulator().baseUrl() + next, null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_QUERY_LOCATOR");
        Reply skipped = call("GET", emulator().baseUrl() + next.replace("-10", "-25"), null);
        assertThat(skipped.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_QUERY_LOCATOR");

        emulator().org().remove("Contact", first.body().get("records").get(0).get("Id").asText());
        Reply all = call("GET", "/queryAll?q=SELECT+Id,IsDeleted+FROM+Contact", null);
        String allNext = all.body().get("nextRecordsUrl").asText();
        assertThat(allNext).contains("/query/").doesNotContain("queryAll");
        Reply viaQueryAll = call("GET", emulator().baseUrl() + allNext.replace("/query/", "/queryAll/"), null);
        assertThat(viaQueryAll.status()).isEqualTo(200);
        assertThat(viaQueryAll.body().get("totalSize").asInt()).isEqualTo(30);
    }

    @Test
    void theEleventhOpenCursorReleasesTheOldest() throws Exception {
        seedContacts(3, false);
        emulator().org().setPageSizes(List.of(1));
        List<String> locators = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            locators.add(call("GET", q("SELECT Id FROM Contact"), null).body().get("nextRecordsUrl").asText());
        }
        Reply oldest = call("GET", emulator().baseUrl() + locators.get(0), null);
        assertThat(oldest.status()).isEqualTo(400);
        assertThat(oldest.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_QUERY_LOCATOR");
        assertThat(call("GET", emulator().baseUrl() + locators.get(1), null).status()).isEqualTo(200);
    }

    @Test
    void aNextPageIsAGetSubrequestOfComposite() throws Exception {
        seedContacts(5, false);
        emulator().org().setPageSizes(List.of(2));
        String next = call("GET", q("SELECT Id FROM Contact"), null).body().get("nextRecordsUrl").asText();
        Reply composite = call("POST", "/composite", "{\"compositeRequest\":[{\"method\":\"GET\",\"url\":\"" + next
                + "\",\"referenceId\":\"page2\"}]}");
        JsonNode result = composite.body().get("compositeResponse").get(0);
        assertThat(result.get("httpStatusCode").asInt()).isEqualTo(200);
        assertThat(result.get("body").get("records")).hasSize(2);
        assertThat(result.get("body").get("nextRecordsUrl").asText()).endsWith("-4");
    }

    @Test
    void columnsTrueDescribesTheColumnsWithoutRows() throws Exception {
        seedContacts(1, false);
        Reply columns = call("GET", q("SELECT Id, LastName, Account.Name FROM Contact") + "&columns=true", null);
        assertThat(columns.status()).isEqualTo(200);
        assertThat(keys(columns.body())).containsExactly("columnMetadata", "entityName", "groupBy", "idSelected",
                "keyPrefix");
        JsonNode meta = columns.body().get("columnMetadata");
        assertThat(meta.get(1).get("columnName").asText()).isEqualTo("LastName");
        assertThat(meta.get(2).get("columnName").asText()).isEqualTo("Account");
        assertThat(meta.get(2).get("joinColumns").get(0).get("columnName").asText()).isEqualTo("Name");
    }

    // ---------------------------------------------------------------- datetimes

    @Test
    void datetimesKeepWholeSecondsSystemFieldsIncluded() throws Exception {
        Reply created = call("POST", "/sobjects/Event/", "{\"Subject\":\"Call\",\"StartDateTime\":"
                + "\"2026-11-21T10:15:30.789Z\",\"EndDateTime\":\"2026-11-21T10:45:30.999+01:00\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode event = call("GET", "/sobjects/Event/" + created.body().get("id").asText(), null).body();
        assertThat(event.get("StartDateTime").asText()).isEqualTo("2026-11-21T10:15:30.000+0000");
        assertThat(event.get("EndDateTime").asText()).isEqualTo("2026-11-21T09:45:30.000+0000");
        for (String field : List.of("CreatedDate", "LastModifiedDate", "SystemModstamp")) {
            assertThat(event.get(field).asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000\\+0000");
        }
        assertThat(emulator().org().query("SELECT Id FROM Event WHERE StartDateTime = 2026-11-21T10:15:30Z")).hasSize(1);
    }

    // ---------------------------------------------------------------- DUPLICATE_VALUE

    @Test
    void duplicateValueNamesThe15CharacterIdOrUnknown() throws Exception {
        String body = "{\"Subject\":\"Call\",\"Switchboard_Event_Id__c\":\"evt-dup\"}";
        String first = call("POST", "/sobjects/Task/", body).body().get("id").asText();
        Reply second = call("POST", "/sobjects/Task/", body);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body().get(0).get("errorCode").asText()).isEqualTo("DUPLICATE_VALUE");
        assertThat(second.body().get(0).get("message").asText()).isEqualTo("duplicate value found: "
                + "Switchboard_Event_Id__c duplicates value on record with id: " + first.substring(0, 15));

        emulator().org().setDuplicateRecordVisible(false);
        Reply hidden = call("POST", "/composite/sobjects", "{\"records\":[{\"attributes\":{\"type\":\"Task\"},"
                + "\"Subject\":\"Call\",\"Switchboard_Event_Id__c\":\"evt-dup\"}]}");
        JsonNode item = hidden.body().get(0);
        assertThat(keys(item)).containsExactly("success", "errors");
        assertThat(item.get("errors").get(0).get("message").asText()).isEqualTo("duplicate value found: "
                + "Switchboard_Event_Id__c duplicates value on record with id: <unknown>");
    }

    // ---------------------------------------------------------------- OAuth, identity, versions

    @Test
    void passwordFlowIssuesNoRefreshTokenAndIdentityAndUserinfoAnswer() throws Exception {
        JsonNode token = WireFormatIT.login();
        assertThat(token.has("refresh_token")).isFalse();
        String idUrl = token.get("id").asText();
        Reply identity = WireFormatIT.send(HttpRequest.newBuilder(URI.create(idUrl))
                .header("Authorization", "Bearer " + token.get("access_token").asText()).GET().build());
        assertThat(identity.status()).isEqualTo(200);
        assertThat(keys(identity.body())).contains("id", "asserted_user", "user_id", "organization_id", "username",
                "nick_name", "display_name", "email", "first_name", "last_name", "timezone", "photos", "urls",
                "active", "user_type", "language", "locale", "utcOffset", "last_modified_date");
        assertThat(identity.body().get("id").asText()).isEqualTo(idUrl);
        assertThat(identity.body().get("urls").get("rest").asText()).endsWith("/services/data/v{version}/");

        Reply userinfo = WireFormatIT.send(HttpRequest.newBuilder(URI.create(emulator().baseUrl()
                + "/services/oauth2/userinfo")).header("Authorization", "Bearer " + token.get("access_token").asText())
                .GET().build());
        assertThat(userinfo.status()).isEqualTo(200);
        assertThat(keys(userinfo.body())).contains("sub", "user_id", "organization_id", "preferred_username",
                "name", "email", "given_name", "family_name", "zoneinfo", "urls", "active", "updated_at");
        assertThat(userinfo.body().get("sub").asText()).isEqualTo(idUrl);
        Reply bad = WireFormatIT.send(HttpRequest.newBuilder(URI.create(emulator().baseUrl()
                + "/services/oauth2/userinfo")).header("Authorization", "Bearer nope").GET().build());
        assertThat(bad.status()).isEqualTo(403);
    }

    @Test
    void onlyRealApiVersionsAreServed() throws Exception {
        JsonNode versions = WireFormatIT.send(HttpRequest.newBuilder(URI.create(emulator().baseUrl()
                + "/services/data/")).GET().build()).body();
        assertThat(versions.get(0).get("version").asText()).isEqualTo("31.0");
        assertThat(versions.get(0).get("label").asText()).isEqualTo("Summer '14");
        assertThat(versions.findValuesAsText("version")).contains("62.0");
        Reply retired = call("GET", emulator().baseUrl() + "/services/data/v30.0/limits", null);
        assertThat(retired.status()).isEqualTo(410);
        assertThat(call("GET", emulator().baseUrl() + "/services/data/v99.0/limits", null).status()).isEqualTo(404);
        assertThat(call("GET", emulator().baseUrl() + "/services/data/v62.5/limits", null).status()).isEqualTo(404);
        assertThat(call("GET", emulator().baseUrl() + "//services/data/v62.0/limits", null).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- smaller differences

    @Test
    void lowerCaseIdInACollectionUpdateAndFailedItemsWithoutId() throws Exception {
        String id = call("POST", "/sobjects/Contact/", "{\"LastName\":\"Case\"}").body().get("id").asText();
        Reply updated = call("PATCH", "/composite/sobjects", "{\"records\":[{\"attributes\":{\"type\":\"Contact\"},"
                + "\"id\":\"" + id + "\",\"lastname\":\"Lower\"}]}");
        assertThat(updated.body().get(0).get("success").asBoolean()).isTrue();
        assertThat(emulator().org().get("Contact", id).get("LastName")).isEqualTo("Lower");

        Reply failed = call("POST", "/composite/sobjects", "{\"records\":[{\"attributes\":{\"type\":\"Contact\"},"
                + "\"LastName\":\"Ok\"},{\"attributes\":{\"type\":\"Contact\"},\"FirstName\":\"NoLast\"}]}");
        assertThat(keys(failed.body().get(0))).containsExactly("id", "success", "errors");
        assertThat(keys(failed.body().get(1))).containsExactly("success", "errors");
        assertThat(keys(failed.body().get(1).get("errors").get(0))).containsExactly("statusCode", "message", "fields");
    }

    @Test
    void malformedIdInAnSObjectUrlIsNotFoundAndTheOrganizationIsThere() throws Exception {
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            Reply reply = call(method, "/sobjects/Lead/xyz", method.equals("PATCH") ? "{}" : null);
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.body().get(0).get("message").asText())
                    .isEqualTo("Provided external ID field does not exist or is not accessible: xyz");
        }
        JsonNode org = call("GET", q("SELECT Id, Name, OrganizationType, IsSandbox FROM Organization"), null).body();
        assertThat(org.get("totalSize").asInt()).isEqualTo(1);
        assertThat(org.get("records").get(0).get("Id").asText()).isEqualTo(emulator().org().orgId());
        assertThat(call("POST", "/sobjects/Organization/", "{}").status()).isEqualTo(400);
    }

    @Test
    void describeHasComboboxSubjectsAndCompoundAddressAndNameFields() throws Exception {
        JsonNode task = call("GET", "/sobjects/Task/describe", null).body();
        assertThat(field(task, "Subject").get("type").asText()).isEqualTo("combobox");
        JsonNode lead = call("GET", "/sobjects/Lead/describe", null).body();
        assertThat(field(lead, "Address").get("type").asText()).isEqualTo("address");
        assertThat(field(lead, "City").get("compoundFieldName").asText()).isEqualTo("Address");
        assertThat(field(lead, "LastName").get("compoundFieldName").asText()).isEqualTo("Name");
        assertThat(field(lead, "Email").get("compoundFieldName").isNull()).isTrue();
        JsonNode contact = call("GET", "/sobjects/Contact/describe", null).body();
        assertThat(field(contact, "MailingStreet").get("compoundFieldName").asText()).isEqualTo("MailingAddress");
        JsonNode account = call("GET", "/sobjects/Account/describe", null).body();
        assertThat(field(account, "BillingAddress").get("type").asText()).isEqualTo("address");
        assertThat(field(account, "ShippingPostalCode").get("compoundFieldName").asText()).isEqualTo("ShippingAddress");

        String id = call("POST", "/sobjects/Lead/", "{\"LastName\":\"A\",\"Company\":\"B\",\"City\":\"Oslo\","
                + "\"Country\":\"NO\"}").body().get("id").asText();
        JsonNode address = call("GET", "/sobjects/Lead/" + id, null).body().get("Address");
        assertThat(keys(address)).containsExactly("city", "country", "geocodeAccuracy", "latitude", "longitude",
                "postalCode", "state", "street");
        assertThat(address.get("city").asText()).isEqualTo("Oslo");
        Reply write = call("PATCH", "/sobjects/Lead/" + id, "{\"Address\":{\"city\":\"Bergen\"}}");
        assertThat(write.status()).isEqualTo(400);
    }

    private static JsonNode field(JsonNode describe, String name) {
        for (JsonNode f : describe.get("fields")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }

    @Test
    void theSearchIndexLagsByDefault() {
        assertThat(EmulatorSettings.defaults().searchIndexDelay()).isEqualTo(EmulatorSettings.DEFAULT_SEARCH_INDEX_DELAY)
                .isPositive();
        assertThat(emulator().org().searchIndexDelay()).isPositive();
    }
}
