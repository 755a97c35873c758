package io.switchboard.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The example deployment (deploy/kubernetes/, deploy/compose.yaml) names only settings the service has: every
 * environment variable is a placeholder of the shipped configuration, or, by Spring's relaxed names, a property the
 * service binds (its {@code @ConfigurationProperties} and {@code @Value} settings) or Spring Boot's (its configuration
 * metadata); the probes are the service's health groups; no secret is written in the files.
 */
class DeploymentExamplesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)");
    private static final Pattern SECRET = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|CLIENTID|CLIENT_ID|USERNAME).*");

    /** Names of properties, relaxed (lower case, no dashes); those ending in '.' take any key below (maps). */
    private static final Set<String> PROPERTIES = new HashSet<>();
    /** Environment variables the shipped configuration reads by name (${SALESFORCE_CLIENT_ID:}). */
    private static final Set<String> PLACEHOLDERS = new HashSet<>();

    @BeforeAll
    static void settingsTheServiceHas() throws Exception {
        for (Path config : List.of(Path.of("config/application.yaml"), Path.of("src/main/resources/application.yaml"))) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(config));
            while (m.find()) {
                PLACEHOLDERS.add(m.group(1));
            }
        }
        // @Value("${switchboard.kafka.bootstrap-servers}") and the like, in the service's own code
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = PLACEHOLDER.matcher(Files.readString(source));
                while (m.find()) {
                    PROPERTIES.add(relaxed(m.group(1)));
                }
            }
        }
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.switchboard")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            bound(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), type);
        }
        // Spring Boot's own (and every starter's) settings, as their configuration metadata lists them
        Enumeration<URL> metadata = DeploymentExamplesTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        ObjectMapper json = new ObjectMapper();
        while (metadata.hasMoreElements()) {
            try (InputStream in = metadata.nextElement().openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = relaxed(property.path("name").asText());
                    PROPERTIES.add(property.path("type").asText().startsWith("java.util.Map") ? name + "." : name);
                }
            }
        }
    }

    /** A properties record's settings: its components, nested records' below them, maps taking any key. */
    private static void bound(String prefix, Class<?> type) {
        if (!type.isRecord()) {
            PROPERTIES.add(relaxed(prefix) + ".");
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            String name = prefix + "." + c.getName();
            Class<?> component = c.getType();
            if (Map.class.isAssignableFrom(component)) {
                // any key below: switchboard.change-feed.objects.<Object>.enabled, ingress.producers.<name>.secret
                PROPERTIES.add(relaxed(name) + ".");
            } else if (component.isRecord() && component.getName().startsWith("io.switchboard")) {
                bound(name, component);
            } else {
                PROPERTIES.add(relaxed(name));
            }
        }
    }

    /** Spring's relaxed form of a property name: lower case, camelCase and dashes folded away. */
    private static String relaxed(String property) {
        return property.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** SWITCHBOARD_KAFKA_BOOTSTRAPSERVERS binds switchboard.kafka.bootstrap-servers (Spring's environment rule). */
    private static boolean named(String variable) {
        if (PLACEHOLDERS.contains(variable)) {
            return true;
        }
        String property = variable.toLowerCase(Locale.ROOT).replace('_', '.');
        if (PROPERTIES.contains(property)) {
            return true;
        }
        return PROPERTIES.stream().anyMatch(p -> p.endsWith(".") && property.startsWith(p));
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> out = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isEmpty()) {
                    out.add(d);
                }
            });
            return out;
        }
    }

    private static List<JsonNode> kubernetes() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("deploy/kubernetes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.addAll(documents(file));
            }
        }
        return out;
    }

    private static JsonNode deployment() throws IOException {
        return kubernetes().stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    }

    @Test
    void theSettingsCheckTellsARealSettingFromAMadeUpOne() {
        assertThat(named("SWITCHBOARD_KAFKA_BOOTSTRAPSERVERS")).isTrue();
        assertThat(named("SWITCHBOARD_CHANGEFEED_OBJECTS_CONTACT_ENABLED")).isTrue();
        assertThat(named("SERVER_SHUTDOWN")).isTrue();
        assertThat(named("SALESFORCE_CLIENT_ID")).isTrue();
        assertThat(named("SWITCHBOARD_KAFKA_BOOTSTRAPSERVER")).isFalse();
        assertThat(named("SWITCHBOARD_CHANGEFEED_LEADER")).isFalse();
        assertThat(named("SALESFORCE_CLIENTID")).isFalse();
    }

    @Test
    void theKubernetesDeploymentRunsThreeInstancesWithTheServicesProbesAndResources() throws IOException {
        JsonNode spec = deployment().path("spec");
        assertThat(spec.path("replicas").asInt()).isEqualTo(3);
        JsonNode container = spec.path("template").path("spec").path("containers").get(0);
        int port = container.path("ports").get(0).path("containerPort").asInt();
        assertThat(port).as("the service's port (server.port is not set)").isEqualTo(8080);
        // the probes are the health groups the service defines (src/main/resources/application.yaml)
        JsonNode health = YAML.readTree(Path.of("src/main/resources/application.yaml").toFile())
                .path("management").path("endpoint").path("health");
        assertThat(health.path("probes").path("enabled").asBoolean()).isTrue();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = container.path(probe).path("httpGet").path("path").asText();
            assertThat(path).as(probe).startsWith("/actuator/health/");
            String group = path.substring("/actuator/health/".length());
            assertThat(health.path("group").has(group)).as(probe + ": the health group " + group).isTrue();
            assertThat(container.path(probe).path("httpGet").path("port").asText()).isEqualTo("http");
        }
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).endsWith("/liveness");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).endsWith("/readiness");
        JsonNode resources = container.path("resources");
        assertThat(resources.path("requests").has("cpu")).isTrue();
        assertThat(resources.path("requests").has("memory")).isTrue();
        assertThat(resources.path("limits").has("memory")).isTrue();
    }

    @Test
    void everySettingTheKubernetesDeploymentNamesIsRealAndEverySecretComesFromASecret() throws IOException {
        JsonNode container = deployment().path("spec").path("template").path("spec").path("containers").get(0);
        List<String> names = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            names.add(name);
            assertThat(named(name)).as(name + " is no setting of the service nor Spring Boot's").isTrue();
            if (SECRET.matcher(name).matches()) {
                assertThat(env.has("value")).as(name + " written in the manifest").isFalse();
                assertThat(env.path("valueFrom").has("secretKeyRef")).as(name + " from a Secret").isTrue();
            }
        }
        assertThat(names).contains("SWITCHBOARD_KAFKA_BOOTSTRAPSERVERS", "SWITCHBOARD_CHANGEFEED_ENABLED",
                "SWITCHBOARD_MANAGEMENT_OPERATORS_ADMIN_PASSWORD", "SWITCHBOARD_SIGNING_KEY");
    }

    @Test
    void everySettingTheComposeFileNamesIsRealAndSecretsComeFromTheShell() throws IOException {
        JsonNode compose = documents(Path.of("deploy/compose.yaml")).get(0);
        JsonNode service = compose.path("services").path("switchboard");
        assertThat(service.path("deploy").path("replicas").asInt()).as("several instances").isGreaterThan(1);
        assertThat(service.path("build").path("context").asText()).isEqualTo("..");
        assertThat(Files.exists(Path.of("deploy").resolve(service.path("build").path("context").asText())
                .resolve("Dockerfile"))).isTrue();
        List<String> names = new ArrayList<>();
        service.path("environment").fields().forEachRemaining(e -> {
            names.add(e.getKey());
            assertThat(named(e.getKey())).as(e.getKey() + " is no setting of the service nor Spring Boot's").isTrue();
            if (SECRET.matcher(e.getKey()).matches()) {
                assertThat(e.getValue().asText()).as(e.getKey() + " from the shell's environment")
                        .startsWith("${" + e.getKey() + ":?");
            }
        });
        assertThat(names).contains("SWITCHBOARD_KAFKA_BOOTSTRAPSERVERS", "SWITCHBOARD_CHANGEFEED_ENABLED");
        assertThat(service.path("environment").path("SWITCHBOARD_KAFKA_BOOTSTRAPSERVERS").asText())
                .isEqualTo("kafka:9092");
        assertThat(compose.path("services").has("kafka")).isTrue();
    }
}
