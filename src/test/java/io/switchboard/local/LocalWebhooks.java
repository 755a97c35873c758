package io.switchboard.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.emulator.SalesforceEmulator;
import io.switchboard.ingress.auth.FormBody;
import io.switchboard.ingress.auth.TwilioSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook ingress in local mode. The shipped producers take their secrets from the environment, and none is
 * committed; so local mode gives each producer a random secret of this run (or the one the environment sets),
 * writes them to a file only its user can read (never to the log), and posts the vendor webhooks of
 * {@code config/samples/webhooks/<producer>/} through the ingress over HTTP, signed as each vendor signs them.
 */
final class LocalWebhooks {

    private static final Logger log = LoggerFactory.getLogger(LocalWebhooks.class);
    static final Path SAMPLES = Path.of("config/samples/webhooks");
    static final Path SECRETS_FILE = Path.of("target/local-mode/ingress-secrets.env");

    /** Each producer's secret setting and the environment variable config/application.yaml reads it from. */
    private static final Map<String, String> PRODUCERS = Map.of(
            "aircall", "AIRCALL_WEBHOOK_TOKEN",
            "twilio", "TWILIO_AUTH_TOKEN",
            "intercom", "INTERCOM_CLIENT_SECRET",
            "events", "SWITCHBOARD_INGRESS_TOKEN");

    private final Map<String, String> secrets;
    private final String twilioUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private LocalWebhooks(Map<String, String> secrets, String twilioUrl) {
        this.secrets = secrets;
        this.twilioUrl = twilioUrl;
    }

    /** The secret of each producer: the environment's, else a random one of this run. */
    static LocalWebhooks forPort(int serverPort, Map<String, String> environment) {
        SecureRandom random = new SecureRandom();
        Map<String, String> secrets = new LinkedHashMap<>();
        PRODUCERS.forEach((producer, variable) -> {
            String given = environment.get(variable);
            if (given != null && !given.isBlank()) {
                secrets.put(producer, given);
            } else {
                byte[] bytes = new byte[24];
                random.nextBytes(bytes);
                secrets.put(producer, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
        });
        String twilioUrl = environment.getOrDefault("TWILIO_WEBHOOK_URL", "http://localhost:" + serverPort + "/ingress/twilio");
        return new LocalWebhooks(secrets, twilioUrl);
    }

    /** The service's settings for them (command-line arguments, which outrank config/application.yaml). */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        secrets.forEach((producer, secret) -> settings.put("switchboard.ingress.producers." + producer + ".secret", secret));
        settings.put("switchboard.ingress.producers.twilio.public-url", twilioUrl);
        return settings;
    }

    /** The secrets as environment variables, in a file only its owner reads; its path. */
    Path writeSecrets() throws IOException {
        Files.createDirectories(SECRETS_FILE.getParent());
        StringBuilder text = new StringBuilder("# Switchboard local mode: this run's webhook secrets (random unless the "
                + "environment set them). Local only.\n");
        secrets.forEach((producer, secret) -> text.append(PRODUCERS.get(producer)).append('=').append(secret).append('\n'));
        text.append("TWILIO_WEBHOOK_URL=").append(twilioUrl).append('\n');
        Files.deleteIfExists(SECRETS_FILE);
        try {
            Files.createFile(SECRETS_FILE, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(SECRETS_FILE);
        }
        Files.writeString(SECRETS_FILE, text, StandardCharsets.UTF_8);
        return SECRETS_FILE;
    }

    /**
     * Posts every sample webhook in name order, each as its vendor would. A Twilio recording waits for its call's
     * Task in the org (up to a minute), as Twilio's recording callback follows the call's status callback; one
     * posted before would be dead-lettered for a replay (README, "Adding to an interaction's activity").
     *
     * @return how many were accepted (202)
     */
    int postSamples(int serverPort, SalesforceEmulator emulator) throws IOException, InterruptedException {
        if (!Files.isDirectory(SAMPLES)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SAMPLES)) {
            files = walk.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".form")).sorted(
                    java.util.Comparator.comparing((Path p) -> p.getFileName().toString())).toList();
        }
        int accepted = 0;
        for (Path file : files) {
            String producer = file.getParent().getFileName().toString();
            byte[] body = Files.readAllBytes(file);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + "/ingress/" + producer))
                    .timeout(Duration.ofSeconds(30));
            if ("twilio".equals(producer)) {
                String params = TwilioSignature.sortedParams(FormBody.fields(body));
                String callSid = FormBody.fields(body).stream().filter(f -> f.getKey().equals("CallSid"))
                        .map(Map.Entry::getValue).findFirst().orElse("");
                if (new String(body, StandardCharsets.UTF_8).contains("RecordingSid=")) {
                    awaitTask(emulator, "twilio:twilio-call-" + callSid);
                }
                request.header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", TwilioSignature.sign(secrets.get("twilio"), twilioUrl + params));
            } else if ("aircall".equals(producer)) {
                // Aircall's token travels in the body
                ObjectNode webhook = (ObjectNode) json.readTree(body);
                webhook.put("token", secrets.get("aircall"));
                body = json.writeValueAsBytes(webhook);
                request.header("Content-Type", "application/json");
            } else {
                continue;
            }
            HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            log.info("Local mode: posted the sample webhook {} to /ingress/{}: {}", file.getFileName(), producer, response.statusCode());
            if (response.statusCode() == 202) {
                accepted++;
            }
        }
        return accepted;
    }

    /** Until the org holds a Task of this key (the call's status callback delivered), for at most a minute. */
    private static void awaitTask(SalesforceEmulator emulator, String key) {
        String soql = "SELECT Id FROM Task WHERE Switchboard_Event_Id__c = '" + key.replace("'", "\\'") + "'";
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !emulator.org().query(soql).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException late) {
            log.warn("Local mode: the call {} has no Task after a minute; its recording is posted anyway", key);
        }
    }
}
