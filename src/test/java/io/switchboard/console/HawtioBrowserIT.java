package io.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hawtio's web console (/actuator/hawtio) in a real browser (headless Chromium), logged in as an admin, over the
 * service's Jolokia: the Camel tree lists every route, the Routes tab counts each route's exchanges as JMX does, a
 * route's diagram draws its steps, and a JMX operation runs from the Operations tab (a POST to Jolokia with the
 * CSRF token Hawtio takes from its cookie). Behind Jolokia's rules (POST only, same origin, operations for admins) a
 * viewer browses it too, and is refused an operation. Screenshots land in target/console-screenshots (hawtio-*).
 */
class HawtioBrowserIT extends EndToEndTest {

    private static final String ROUTE = "interactions";
    private static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private Browser browser() {
        if (browser == null) {
            browser = new Browser("http://localhost:" + port);
            browser.logIn("operator", TestBed.OPERATOR_PASSWORD);
        }
        return browser;
    }

    @Test
    void theCamelTreeListsEveryRouteAndTheRoutesTabCountsTheirExchangesAsJmxDoes() throws Exception {
        String email = unique("hawtio") + "@example.com";
        String id = unique("hawtio-call");
        publish(TestBed.CALLS, email, event(id, "call.inbound",
                Map.of("person", Map.of("email", email, "lastName", "Hawtio"))));
        assertThat(awaitOutcome(id).path("decision").asText()).isEqualTo("delivered");
        long exchanges = ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(
                "org.apache.camel:context=switchboard,type=routes,name=\"" + ROUTE + "\""), "ExchangesTotal")).longValue();
        assertThat(exchanges).isPositive();

        Browser b = browser();
        b.open("/actuator/hawtio/camel/routes");
        List<String> routeIds = camel.getRoutes().stream().map(Route::getRouteId).toList();
        b.waitUntil(d -> routeIds.stream().allMatch(r -> !d.findElements(treeNode(r)).isEmpty()));
        // the Routes tab of the routes folder: one row per route, with its counters
        b.waitUntil(d -> total(b, ROUTE) >= exchanges);
        b.screenshot("hawtio-routes");
        assertThat(cell(b, ROUTE, "State")).isEqualTo("Started");
        assertThat(Long.parseLong(cell(b, ROUTE, "Completed"))).isPositive();
        for (String route : routeIds) {
            assertThat(cell(b, route, "Total")).as(route).matches("\\d+");
        }
    }

    @Test
    void aRoutesDiagramDrawsItsStepsWithTheirCounts() {
        Browser b = browser();
        b.open("/actuator/hawtio/camel/routes");
        b.waitUntil(d -> !d.findElements(treeNode(ROUTE)).isEmpty());
        b.driver().findElement(treeNode(ROUTE)).click();
        b.waitUntil(d -> d.getCurrentUrl().endsWith("/camel/routeDiagram"));
        // the interactions route: its error handling (onException, doTry) and its bean steps, each a node
        b.waitUntil(d -> diagramText(b).contains("Do Try") && diagramText(b).contains("On Exception")
                && diagramText(b).contains("Bean"));
        b.screenshot("hawtio-route-diagram");
        Number nodes = (Number) b.script("return document.querySelectorAll('.react-flow__node-camel').length;");
        assertThat(nodes.intValue()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aJmxOperationRunsFromTheOperationsTab() {
        Browser b = browser();
        b.open("/actuator/hawtio/camel/routes");
        b.waitUntil(d -> !d.findElements(treeNode(ROUTE)).isEmpty());
        b.driver().findElement(treeNode(ROUTE)).click();
        b.waitUntil(d -> !d.findElements(tab("Operations")).isEmpty());
        b.driver().findElement(tab("Operations")).click();
        By toggle = By.cssSelector("button[aria-labelledby^='operation dumpRouteAsXml() ']");
        b.waitUntil(d -> !d.findElements(toggle).isEmpty());
        b.driver().findElement(toggle).click();
        By execute = By.xpath("//li[.//button[starts-with(@aria-labelledby, 'operation dumpRouteAsXml() ')]]"
                + "//button[normalize-space()='Execute']");
        b.waitUntil(d -> !d.findElements(execute).isEmpty());
        b.driver().findElement(execute).click();
        b.waitUntil(d -> !result(b).isEmpty());
        b.screenshot("hawtio-operation");
        assertThat(result(b)).contains("id=\"" + ROUTE + "\"").contains("uri=\"kafka:");
    }

    private static By treeNode(String name) {
        return By.xpath("//button[contains(@class, 'tree-view__node-text') and normalize-space()='" + name + "']");
    }

    private static By tab(String name) {
        return By.xpath("//a[contains(@class, 'nav__link') and normalize-space()='" + name + "']");
    }

    private static String diagramText(Browser b) {
        return (String) b.script("return Array.from(document.querySelectorAll('.react-flow__node-camel'))"
                + ".map(function (n) { return n.textContent; }).join(' | ');");
    }

    private static String result(Browser b) {
        Object value = b.script("var i = document.querySelector("
                + "\"[aria-label='operation result dumpRouteAsXml()'] input\"); return i ? i.value : '';");
        return value == null ? "" : value.toString();
    }

    private static long total(Browser b, String route) {
        String total = cell(b, route, "Total");
        return total != null && total.matches("\\d+") ? Long.parseLong(total) : -1;
    }

    /** The text of a route's cell in the Routes tab's table, found by its column's heading; null if not shown. */
    private static String cell(Browser b, String route, String column) {
        Object text = b.script("""
                var name = arguments[0], column = arguments[1];
                var table = document.getElementById('camel-routes-table');
                if (!table) return null;
                var headings = Array.from(table.querySelectorAll('thead th')).map(function (h) { return h.textContent.trim(); });
                var at = headings.indexOf(column);
                if (at < 0) return null;
                var rows = Array.from(table.querySelectorAll('tbody tr'));
                for (var i = 0; i < rows.length; i++) {
                    var cells = rows[i].querySelectorAll('td, th');
                    if (cells.length > at && Array.from(cells).some(function (c) { return c.textContent.trim() === name; })) {
                        return cells[at].textContent.trim();
                    }
                }
                return null;
                """, route, column);
        return text == null ? null : text.toString();
    }

    @Test
    void anAdminRunsAnOperationAsHawtiosPageSendsIt() {
        // same origin, the token from the XSRF-TOKEN cookie, a POST: an operation that is no read runs for an admin
        Browser admin = browser();
        admin.open("/actuator/hawtio/camel/routes");
        assertThat(jolokia(admin, "canSendToEndpoint(java.lang.String)")).containsEntry("status", 200L);
    }

    @Test
    void aViewerBrowsesHawtioButItsOperationsAreRefused() {
        try (Browser viewer = new Browser("http://localhost:" + port)) {
            viewer.logIn(TestBed.VIEWER, TestBed.VIEWER_PASSWORD);
            viewer.open("/actuator/hawtio/camel/routes");
            try {
                viewer.waitUntil(d -> d.findElement(By.tagName("body")).getText().contains("interactions"));
            } finally {
                viewer.screenshot("hawtio-camel-routes-viewer");
            }
            Map<String, Object> refused = jolokia(viewer, "canSendToEndpoint(java.lang.String)");
            assertThat(refused).containsEntry("status", 403L);
            // a read-only operation (the route diagram's) is the viewer's too
            assertThat(jolokia(viewer, "dumpRoutesAsXml(boolean)")).containsEntry("status", 200L);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jolokia(Browser b, String operation) {
        Object answer = b.driver() instanceof org.openqa.selenium.JavascriptExecutor js ? js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = (document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/) || [])[1] || '';
                fetch('/actuator/jolokia', {method: 'POST', headers: {'Content-Type': 'application/json',
                    'X-XSRF-TOKEN': decodeURIComponent(token)},
                    body: JSON.stringify({type: 'exec', operation: arguments[0], arguments: [arguments[1]],
                        mbean: 'org.apache.camel:context=switchboard,type=context,name="switchboard"'})})
                  .then(r => r.json()).then(j => done({status: j.status, error: j.error || null}))
                  .catch(e => done({status: -1, error: String(e)}));
                """, operation, operation.startsWith("dump") ? false : "log:hawtio-test") : null;
        return (Map<String, Object>) answer;
    }
}
