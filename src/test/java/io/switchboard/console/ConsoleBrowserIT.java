package io.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.fuzz.HostileStrings;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in a real browser (headless Chromium) against the service with the broker and the emulated org: an
 * operator finds an interaction by email and follows its Salesforce links, fixes a dead letter's cause in the org
 * and replays its group from the page, reads the chart, and sees hostile event values as text. Screenshots of each
 * page land in target/console-screenshots.
 */
class ConsoleBrowserIT extends EndToEndTest {

    private static final String PASSWORD = "test-operator-password";
    private static Browser browser;

    @LocalServerPort
    int port;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** The class's one browser, started on first use (the server's port is known only then). */
    private Browser browser() {
        if (browser == null) {
            browser = new Browser("http://localhost:" + port);
            browser.logIn("operator", PASSWORD);
        }
        return browser;
    }

    @Test
    void anOperatorFindsAnInteractionByEmailAndFollowsItsSalesforceLinks() {
        String email = unique("dana.console") + "@example.com";
        String id = unique("console-call");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of(
                "person", Map.of("email", email, "firstName", "Dana", "lastName", "Console"),
                "call", Map.of("durationSeconds", 95))));
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        Set<String> expected = new java.util.HashSet<>();
        outcome.path("records").forEach(r -> expected.add(r.path("url").asText()));
        expected.add(outcome.path("activity").path("url").asText());
        assertThat(expected).allMatch(u -> u.matches("http://localhost:\\d+/lightning/r/(Lead|Task)/\\w{18}/view"));

        Browser b = browser();
        b.open("/console/sync-log");
        // typed into the search box, the sync log answers in place (htmx); the store may lag the topic a moment
        WebElement row = await().atMost(Duration.ofSeconds(30)).until(() -> {
            WebElement q = b.driver().findElement(By.id("q"));
            q.clear();
            q.sendKeys(email + org.openqa.selenium.Keys.ENTER);
            b.waitUntil(d -> b.htmxSettled());
            return rowOf(b, "tr.outcome-row", id);
        }, r -> r != null);
        assertThat(b.driver().getCurrentUrl()).contains("q=");
        // the search found this interaction and only it
        assertThat(b.driver().findElements(By.cssSelector("tr.outcome-row"))).hasSize(1);
        Set<String> hrefs = row.findElements(By.cssSelector("a.sf-link")).stream().map(a -> a.getDomAttribute("href"))
                .collect(Collectors.toSet());
        assertThat(hrefs).isEqualTo(expected);
        b.screenshot("sync-log");

        row.findElement(By.cssSelector("a.open")).click();
        b.waitUntil(d -> !d.findElements(By.id("outcome-json")).isEmpty());
        assertThat(b.driver().findElement(By.id("decision")).getText()).isEqualTo("delivered");
        assertThat(b.driver().findElement(By.id("original-json")).getText()).contains(email).contains(id);
        assertThat(b.driver().findElement(By.id("outcome-json")).getText()).contains(outcome.path("activity").path("id").asText());
        assertThat(b.driver().findElements(By.cssSelector("#records a.sf-link")).stream()
                .map(a -> a.getDomAttribute("href")).collect(Collectors.toSet())).isEqualTo(expected);
        b.screenshot("outcome");

        // the link leads to the record: the emulator's page of it at its Lightning URL
        String leadId = outcome.path("records").get(0).path("id").asText();
        String console = b.driver().getWindowHandle();
        b.driver().findElements(By.cssSelector("#records a.sf-link")).stream()
                .filter(a -> a.getDomAttribute("href").contains(leadId)).findFirst().orElseThrow().click();
        // the link opens in a tab of its own
        b.waitUntil(d -> d.getWindowHandles().size() > 1);
        String tab = b.driver().getWindowHandles().stream().filter(h -> !h.equals(console)).findFirst().orElseThrow();
        b.driver().switchTo().window(tab);
        try {
            b.waitUntil(d -> !d.findElements(By.id("record")).isEmpty());
            assertThat(b.driver().findElement(By.id("record")).getDomAttribute("data-id")).isEqualTo(leadId);
            assertThat(b.driver().findElement(By.id("record")).getText()).contains(email).contains("Console");
            b.screenshot("salesforce-record");
        } finally {
            b.driver().close();
            b.driver().switchTo().window(console);
        }
    }

    @Test
    void aDeadLetterIsFixedInTheOrgAndItsGroupReplayedFromThePage() {
        String leadSource = "Trade Show " + unique("ts");
        List<String> ids = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String email = unique("expo" + i) + "@example.com";
            String id = unique("console-form");
            ids.add(id);
            emails.add(email);
            publish(TestBed.WEB, email, event(id, "test.lead-source", Map.of(
                    "person", Map.of("email", email, "lastName", "Visitor" + i, "company", "Expo Inc"),
                    "fields", Map.of("leadSource", leadSource))));
        }
        String code = "";
        for (String id : ids) {
            JsonNode failed = awaitOutcome(id);
            assertThat(failed.path("decision").asText()).isEqualTo("dead-lettered");
            code = failed.path("errors").get(0).path("code").asText();
        }
        assertThat(code).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");

        Browser b = browser();
        b.open("/console/dead-letters");
        WebElement group = await().atMost(Duration.ofSeconds(30)).until(() -> {
            b.open("/console/dead-letters");
            return b.driver().findElements(By.cssSelector("tr.group")).stream()
                    .filter(g -> "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST".equals(g.getDomAttribute("data-code"))
                            && "delivery: create Lead".equals(g.getDomAttribute("data-step"))).findFirst().orElse(null);
        }, g -> g != null);
        b.screenshot("dead-letters");
        group.findElement(By.cssSelector("a.open-group")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            b.driver().navigate().refresh();
            return ids.stream().allMatch(id -> rowOf(b, "tr.letter", id) != null);
        });
        b.screenshot("dead-letter-group");

        // one of them, opened: its reason, its headers, its original record; a dry run says what would happen now
        String groupPage = b.driver().getCurrentUrl();
        rowOf(b, "tr.letter", ids.get(0)).findElement(By.cssSelector("a.open-letter")).click();
        b.waitUntil(d -> !d.findElements(By.id("reference")).isEmpty());
        assertThat(b.driver().findElement(By.id("error-code")).getText()).isEqualTo(code);
        assertThat(b.driver().findElement(By.id("error-message")).getText()).contains(leadSource);
        assertThat(b.driver().findElement(By.id("headers")).getText()).contains("switchboard.error.code")
                .contains("switchboard.original.topic");
        assertThat(b.driver().findElement(By.id("original")).getText()).contains(ids.get(0)).contains(leadSource);
        b.driver().findElement(By.id("dry-run-now")).click();
        b.waitUntil(d -> !d.findElements(By.id("dry-run-decision")).isEmpty());
        assertThat(b.driver().findElement(By.id("dry-run-decision")).getText()).startsWith("would-");
        b.screenshot("dead-letter");

        // the cause fixed where it lies: the org gets the Lead Source value
        bed.salesforce().org().addPicklistValue("Lead", "LeadSource", leadSource);

        b.driver().get(groupPage);
        b.driver().findElement(By.id("replay-group")).click();
        b.driver().switchTo().alert().accept();
        b.waitUntil(d -> !d.findElements(By.id("flash")).isEmpty());
        assertThat(b.driver().findElement(By.id("flash")).getText()).contains("Replay of the group").contains("done");

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            JsonNode delivered = await().atMost(Duration.ofSeconds(60)).until(() -> outcomesOf(id).stream()
                    .filter(o -> o.path("decision").asText().equals("delivered")).findFirst().orElse(null), o -> o != null);
            assertThat(delivered.path("replayOf").asText()).startsWith(TestBed.DLQ + "/");
            List<Map<String, Object>> leads = query("SELECT Id, LeadSource FROM Lead WHERE Email = '" + emails.get(i) + "'");
            assertThat(leads).hasSize(1);
            assertThat(leads.get(0).get("LeadSource")).isEqualTo(leadSource);
        }

        // the dead letter shows what became of it
        b.driver().get(groupPage + "&all=true");
        rowOf(b, "tr.letter", ids.get(0)).findElement(By.cssSelector("a.open-letter")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            b.driver().navigate().refresh();
            return b.driver().findElements(By.cssSelector("#became .replay-outcome")).stream()
                    .anyMatch(e -> e.getText().contains("delivered"));
        });
        assertThat(b.driver().findElement(By.id("status")).getText()).isEqualTo("replayed");
        b.screenshot("dead-letter-replayed");

        b.open("/console/audit");
        String failedCode = code;
        WebElement entry = b.driver().findElements(By.cssSelector("tr.entry")).stream()
                .filter(e -> e.findElement(By.cssSelector(".action")).getText().equals("replay-group")
                        && e.getText().contains(failedCode)).findFirst().orElseThrow();
        assertThat(entry.getText()).contains("operator").contains("console").contains("2 done");
        assertThat(b.driver().findElements(By.cssSelector("tr.entry .action")).stream().map(WebElement::getText))
                .contains("dry-run");
        b.screenshot("audit");
    }

    @Test
    void anAmbiguousCallHeldForReviewIsDeliveredToTheChosenCandidateOnce() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        String number = "+16" + (10 + r.nextInt(90)) + (200 + r.nextInt(800)) + String.format("%04d", r.nextInt(10_000));
        String first = bed.salesforce().org().insert("Contact", Map.of("LastName", unique("Front Desk"), "Phone", number));
        String second = bed.salesforce().org().insert("Contact", Map.of("LastName", unique("Reception"), "Phone", number));
        String id = unique("console-shared-line");
        publish(TestBed.CALLS, number, event(id, "test.shared-line", Map.of("call", Map.of("fromNumber", number, "durationSeconds", 42))));
        JsonNode held = awaitOutcome(id);
        assertThat(held.path("decision").asText()).isEqualTo("held-for-review");

        Browser b = browser();
        WebElement row = await().atMost(Duration.ofSeconds(60)).until(() -> {
            b.open("/console/review");
            return rowOf(b, "tr.held", id);
        }, x -> x != null);
        assertThat(row.findElements(By.cssSelector(".candidate")).stream().map(c -> c.getDomAttribute("data-record-id")))
                .containsExactlyInAnyOrder(first, second);
        assertThat(row.findElements(By.cssSelector(".candidate a.sf-link")).stream().map(a -> a.getDomAttribute("href")))
                .allMatch(h -> h.contains("/lightning/r/Contact/"));
        b.screenshot("review");
        row.findElements(By.cssSelector(".candidate")).stream().filter(c -> second.equals(c.getDomAttribute("data-record-id")))
                .findFirst().orElseThrow().findElement(By.cssSelector("button.deliver")).click();
        b.waitUntil(d -> !d.findElements(By.id("flash")).isEmpty());
        assertThat(b.driver().findElement(By.id("flash")).getText()).startsWith("Done");

        JsonNode delivered = await().atMost(Duration.ofSeconds(60)).until(() -> outcomesOf(id).stream()
                .filter(o -> o.path("decision").asText().equals("delivered")).findFirst().orElse(null), o -> o != null);
        assertThat(delivered.path("matched").path("id").asText()).isEqualTo(second);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + second + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + first + "'")).isEmpty();
        // it leaves the queue by itself once delivered
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            b.open("/console/review");
            return rowOf(b, "tr.held", id) == null;
        });
        b.open("/console/audit");
        assertThat(b.driver().findElements(By.cssSelector("tr.entry .action")).stream().map(WebElement::getText))
                .contains("review-deliver");
    }

    @Test
    void theChartShowsTheCountsTheOutcomesTopicHolds() {
        String id = unique("console-chart");
        publish(TestBed.CALLS, id, event(id, "call.inbound", Map.of("person", Map.of("email", id + "@example.com"))));
        awaitOutcome(id);
        Browser b = browser();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            b.open("/console");
            b.waitUntil(d -> (Boolean) b.script("return typeof Chart !== 'undefined' && !!Chart.getChart('day-chart');"));
            Map<String, Long> topic = outcomesByDecision(Instant.now().minus(Duration.ofHours(23)));
            assertThat(chartTotals(b, "day-chart")).isEqualTo(topic);
        });
        Map<String, Long> lastHour = outcomesByDecision(Instant.now().minus(Duration.ofMinutes(59)));
        assertThat(chartTotals(b, "hour-chart")).isEqualTo(lastHour);
        assertThat(b.driver().findElement(By.id("budget-state")).getText()).isIn("NORMAL", "SLOWED", "STOPPED");
        assertThat(b.driver().findElement(By.id("consuming")).getText()).isIn("running", "paused");
        assertThat(b.driver().findElement(By.id("lag")).findElements(By.cssSelector("tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
        b.screenshot("overview");
    }

    @Test
    void hostileEventValuesAreShownAsTextNeverRun() {
        String id = unique("console-hostile");
        String marker = "<img src=x onerror=alert(3)>";
        String pieces = String.join(" ", HostileStrings.injections()) + " " + String.join("", HostileStrings.unicode());
        publish(TestBed.CALLS, id, event(id, "call.inbound", Map.of(
                "person", Map.of("email", id + "@example.com", "lastName", marker, "company", "<script>alert(1)</script>"),
                "category", pieces,
                "content", Map.of("summary", marker + pieces))));
        String typeId = unique("console-hostile-type");
        Map<String, Object> hostileType = new HashMap<>(event(typeId, "<script>alert('type')</script>", Map.of("x", marker)));
        hostileType.put("source", "<b onmouseover=alert(2)>source</b>");
        publish(TestBed.CALLS, typeId, hostileType);
        awaitOutcome(id);
        JsonNode dead = awaitOutcome(typeId);
        assertThat(dead.path("decision").asText()).isEqualTo("dead-lettered");

        Browser b = browser();
        b.open("/console/sync-log?q=" + id);
        WebElement row = await().atMost(Duration.ofSeconds(30)).until(() -> {
            b.driver().navigate().refresh();
            return rowOf(b, "tr.outcome-row", id);
        }, r -> r != null);
        row.findElement(By.cssSelector("a.open")).click();
        b.waitUntil(d -> !d.findElements(By.id("original-json")).isEmpty());
        assertThat(b.textContains("original-json", "<script>alert(1)</script>")).isTrue();
        assertThat(b.textContains("original-json", marker)).isTrue();
        assertNothingRan(b);

        b.open("/console/sync-log?q=" + typeId);
        row = await().atMost(Duration.ofSeconds(30)).until(() -> {
            b.driver().navigate().refresh();
            return rowOf(b, "tr.outcome-row", typeId);
        }, r -> r != null);
        assertThat(b.textContains("rows", "<b onmouseover=alert(2)>source</b>")).isTrue();
        assertNothingRan(b);
        b.open("/console/dead-letters");
        assertNothingRan(b);
    }

    /** No injected markup became an element, and no injected script ran (an alert would fail the next call). */
    private static void assertNothingRan(Browser b) {
        assertThat(b.driver().findElements(By.cssSelector("img[src=x], b[onmouseover]"))).isEmpty();
        assertThat(b.driver().findElements(By.tagName("script")).stream().map(s -> s.getDomAttribute("src")))
                .allMatch(src -> src != null && (src.startsWith("/webjars/") || src.startsWith("/console/assets/")));
    }

    private static WebElement rowOf(Browser b, String selector, String eventId) {
        try {
            return b.driver().findElements(By.cssSelector(selector)).stream()
                    .filter(r -> eventId.equals(r.getDomAttribute("data-event-id"))).findFirst().orElse(null);
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return null; // the rows were swapped meanwhile: look again
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> chartTotals(Browser b, String canvas) {
        List<Map<String, Object>> sets = (List<Map<String, Object>>) b.script(
                "return Chart.getChart(arguments[0]).data.datasets.map(function (s) {"
                        + " return {label: s.label, total: s.data.reduce(function (a, n) { return a + n; }, 0)}; });", canvas);
        Map<String, Long> out = new TreeMap<>();
        for (Map<String, Object> s : sets) {
            long total = ((Number) s.get("total")).longValue();
            if (total > 0) {
                out.put((String) s.get("label"), total);
            }
        }
        return out;
    }

    /** What the outcomes topic holds, by decision, of outcomes processed since the chart's first bucket. */
    private Map<String, Long> outcomesByDecision(Instant since) {
        Instant start = since.truncatedTo(since.isBefore(Instant.now().minus(Duration.ofHours(2)))
                ? java.time.temporal.ChronoUnit.HOURS : java.time.temporal.ChronoUnit.MINUTES);
        Map<String, Long> out = new TreeMap<>();
        bed.topics().all(TestBed.OUTCOMES, r -> true).forEach(r -> {
            JsonNode o = read(r.value());
            Instant at = Instant.parse(o.path("processedAt").asText());
            if (!at.isBefore(start)) {
                out.merge(o.path("decision").asText(), 1L, Long::sum);
            }
        });
        return out;
    }
}
