package io.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import io.switchboard.testing.TestIdentityProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * People from an OpenID Connect provider (a real Spring Authorization Server, {@link TestIdentityProvider}) log in
 * through the console's login page in a real browser, get the role their ID token's {@code switchboard_roles} claim
 * names, and the audit names them; someone the provider knows but who has no role is refused.
 */
class OidcLoginIT extends EndToEndTest {

    @LocalServerPort
    int port;

    @org.junit.jupiter.api.BeforeAll
    static void provider() {
        bed.identityProvider();
    }

    @Test
    void anOperatorFromTheProviderDiscardsUnderTheirOwnNameAndAViewerMayNot() throws Exception {
        long letter = deadLetter();
        String discard = "{\"ids\": [" + letter + "], \"note\": \"oidc test\"}";
        try (Browser robin = logIn(TestIdentityProvider.ROBIN)) {
            assertThat(robin.driver().getCurrentUrl()).contains("/console").doesNotContain("/login");
            assertThat(post(robin, "/console/api/dead-letters/discard", discard)).isEqualTo(403L);
        }
        try (Browser dana = logIn(TestIdentityProvider.DANA)) {
            assertThat(post(dana, "/console/api/dead-letters/discard", discard)).isEqualTo(200L);
            dana.open("/console/audit");
            dana.screenshot("oidc-audit");
            assertThat(dana.driver().findElement(By.tagName("body")).getText()).contains(TestIdentityProvider.DANA);
        }
        JsonNode audit = json.readTree(admin("/console/api/audit"));
        assertThat(audit.findValuesAsText("who")).contains(TestIdentityProvider.DANA);
    }

    @Test
    void someoneWithoutASwitchboardRoleIsRefusedAtLogin() {
        try (Browser lee = logIn(TestIdentityProvider.LEE)) {
            assertThat(lee.driver().getCurrentUrl()).contains("/login?error");
            assertThat(lee.driver().findElements(By.id("login-error"))).isNotEmpty();
            lee.open("/console/api/overview");
            assertThat(lee.driver().getPageSource()).doesNotContain("\"outcomes\"");
        }
    }

    /** Through the console's login page and the provider's; the browser uses 127.0.0.1, the provider localhost. */
    private Browser logIn(String person) {
        Browser b = new Browser("http://127.0.0.1:" + port);
        try {
            b.open("/console");
            b.waitUntil(d -> !d.findElements(By.id("sso-" + TestIdentityProvider.REGISTRATION)).isEmpty());
            b.driver().findElement(By.id("sso-" + TestIdentityProvider.REGISTRATION)).click();
            b.waitUntil(d -> d.getCurrentUrl().startsWith("http://localhost:") && !d.findElements(By.id("username")).isEmpty());
            b.driver().findElement(By.id("username")).sendKeys(person);
            b.driver().findElement(By.id("password")).sendKeys(TestIdentityProvider.PASSWORD);
            b.driver().findElement(By.cssSelector("button[type=submit]")).click();
            b.waitUntil(d -> d.getCurrentUrl().startsWith("http://127.0.0.1:" + port + "/console")
                    || d.getCurrentUrl().contains("/login?error"));
            b.screenshot("oidc-login-" + person);
            return b;
        } catch (RuntimeException e) {
            b.screenshot("oidc-login-failed-" + person);
            b.close();
            throw e;
        }
    }

    /** A POST as the console's scripts send it (the CSRF token from its cookie); the HTTP status. */
    private static Object post(Browser b, String path, String body) {
        return ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = (document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/) || [])[1] || '';
                fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/json',
                    'X-XSRF-TOKEN': decodeURIComponent(token)}, body: arguments[1]})
                  .then(r => done(r.status)).catch(e => done(-1));
                """, path, body);
    }

    private long deadLetter() {
        String id = unique("oidc-dead");
        publish(TestBed.CALLS, id, event(id, "fax.inbound", Map.of()));
        awaitOutcome(id);
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode l : json.readTree(admin("/console/api/dead-letters?all=true&step=rules&code=UNKNOWN_TYPE"))) {
                if (id.equals(l.path("eventId").asText())) {
                    return l.path("id").asLong();
                }
            }
            return -1L;
        }, n -> n > 0);
    }

    private String admin(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("operator:" + TestBed.OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
