package io.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hawtio in a real browser (headless Chromium) keeps working behind Jolokia's rules (POST only, same origin, the
 * CSRF token, operations for admins): it lists the Camel routes, and its page's own Jolokia requests run an
 * operation for an admin and are refused one for a viewer. Screenshots in target/console-screenshots.
 */
class HawtioBrowserIT extends EndToEndTest {

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

    @Test
    void hawtioShowsTheCamelRoutesAndRunsAnAdminsOperationFromItsOwnPage() {
        browser = new Browser("http://localhost:" + port);
        browser.logIn("operator", TestBed.OPERATOR_PASSWORD);
        browser.open("/actuator/hawtio/camel/routes");
        try {
            browser.waitUntil(d -> {
                String text = d.findElement(By.tagName("body")).getText();
                return text.contains("interactions") && text.contains("deliver");
            });
        } finally {
            browser.screenshot("hawtio-camel-routes");
        }
        // a request as Hawtio's scripts make it (same origin, the token from the XSRF-TOKEN cookie): an operation runs
        assertThat(jolokiaFromThePage("canSendToEndpoint(java.lang.String)")).containsEntry("status", 200L);
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

    private Map<String, Object> jolokiaFromThePage(String operation) {
        return jolokia(browser, operation);
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
