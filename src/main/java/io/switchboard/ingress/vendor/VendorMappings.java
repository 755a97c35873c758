package io.switchboard.ingress.vendor;

import com.dashjoin.jsonata.Jsonata;
import io.switchboard.ingress.auth.AuthScheme;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and checks every vendor mapping file in a folder ({@code <vendor>.yaml}). Every problem of every file is
 * reported at once, each with its file, place and line, and the service does not start until they are fixed, as
 * with the rules.
 */
public final class VendorMappings {

    private static final Set<String> TOP = Set.of("format", "auth", "event", "ignore", "events");
    private static final Set<String> EVENT = Set.of("on", "id", "type", "time", "subject", "data", "ignoreReason");

    private final Map<String, VendorMapping> byVendor;

    private VendorMappings(Map<String, VendorMapping> byVendor) {
        this.byVendor = Map.copyOf(byVendor);
    }

    public Optional<VendorMapping> find(String vendor) {
        return Optional.ofNullable(byVendor.get(vendor));
    }

    public Set<String> vendors() {
        return byVendor.keySet();
    }

    /** Every file of the folder; a folder that does not exist holds no vendor. */
    public static VendorMappings load(Path folder, JsonataFunctions functions) {
        return load(folder, functions, JsonataLimits.DEFAULT);
    }

    /** Every file of the folder, each expression evaluated within {@code limits}. */
    public static VendorMappings load(Path folder, JsonataFunctions functions, JsonataLimits limits) {
        Map<String, VendorMapping> mappings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    String vendor = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    VendorMapping mapping = read(vendor, file.toString(), text, functions, limits, problems);
                    if (mapping != null) {
                        mappings.put(vendor, mapping);
                    }
                }
            } catch (IOException e) {
                problems.add(folder + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " in the vendor mappings:\n  " + String.join("\n  ", problems));
        }
        return new VendorMappings(mappings);
    }

    /** One file, its problems added to {@code problems}; null when it has any. */
    static VendorMapping read(String vendor, String file, String text, JsonataFunctions functions, List<String> problems) {
        return read(vendor, file, text, functions, JsonataLimits.DEFAULT, problems);
    }

    static VendorMapping read(String vendor, String file, String text, JsonataFunctions functions, JsonataLimits limits,
                              List<String> problems) {
        int before = problems.size();
        Map<String, Integer> lines;
        JsonNode root;
        try {
            lines = lineIndex(text);
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            problems.add(file + ": not valid YAML (" + e.getMessage().split("\n")[0] + ")");
            return null;
        }
        Places at = new Places(file, lines, problems, limits);
        if (root == null || !root.isObject()) {
            problems.add(file + ": a mapping file is a YAML map with format, auth, event, ignore and events");
            return null;
        }
        at.unknownKeys(root, "", TOP);
        VendorMapping.BodyFormat format = switch (root.path("format").asText("json").toLowerCase(Locale.ROOT)) {
            case "json" -> VendorMapping.BodyFormat.JSON;
            case "form" -> VendorMapping.BodyFormat.FORM;
            default -> {
                at.problem("/format", "format is json or form, not '" + root.path("format").asText() + "'");
                yield null;
            }
        };
        AuthScheme auth = auth(root.path("auth"), at);
        Expression eventName = at.expression(root, "/event", functions, true);
        Map<String, String> ignore = new LinkedHashMap<>();
        root.path("ignore").fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                at.problem("/ignore/" + e.getKey(), "an ignored event names its reason, e.g. " + e.getKey() + ": \"no meaning for Salesforce\"");
            }
            ignore.put(e.getKey(), e.getValue().asText());
        });
        List<VendorMapping.EventMapping> events = new ArrayList<>();
        Set<String> named = new HashSet<>();
        JsonNode list = root.path("events");
        if (!list.isArray() || list.isEmpty()) {
            at.problem("/events", "events is a list of mappings, each with on, id, type, time and data");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode event = list.get(i);
            String base = "/events/" + i;
            at.unknownKeys(event, base, EVENT);
            List<String> on = new ArrayList<>();
            event.path("on").forEach(n -> on.add(n.asText()));
            if (on.isEmpty()) {
                at.problem(base + "/on", "on lists the vendor's event names this mapping reads, e.g. [call.ended]");
            }
            for (String name : on) {
                if (!named.add(name)) {
                    at.problem(base + "/on", name + " is mapped twice; one mapping per event name");
                }
                if (ignore.containsKey(name)) {
                    at.problem(base + "/on", name + " is both mapped and ignored; remove it from one");
                }
            }
            events.add(new VendorMapping.EventMapping(on,
                    at.expression(event, base + "/id", functions, true),
                    at.expression(event, base + "/type", functions, true),
                    at.expression(event, base + "/time", functions, true),
                    at.expression(event, base + "/subject", functions, false),
                    at.expression(event, base + "/data", functions, true),
                    event.path("ignoreReason").asText("the mapping gives no type for this payload")));
        }
        return problems.size() > before ? null : new VendorMapping(vendor, format, auth, eventName, ignore, events);
    }

    private static AuthScheme auth(JsonNode auth, Places at) {
        String scheme = auth.path("scheme").asText("");
        return switch (scheme) {
            case "bearer" -> new AuthScheme.Bearer();
            case "body-member" -> {
                if (!auth.path("member").isTextual()) {
                    at.problem("/auth/member", "body-member names the body's member holding the token, e.g. member: token");
                }
                yield new AuthScheme.BodyMember(auth.path("member").asText());
            }
            case "hmac-header" -> {
                String algorithm = auth.path("algorithm").asText("");
                if (!Set.of("HmacSHA1", "HmacSHA256", "HmacSHA512").contains(algorithm)) {
                    at.problem("/auth/algorithm", "hmac-header's algorithm is HmacSHA1, HmacSHA256 or HmacSHA512, not '" + algorithm + "'");
                }
                if (!auth.path("header").isTextual()) {
                    at.problem("/auth/header", "hmac-header names the header carrying the signature, e.g. header: X-Hub-Signature");
                }
                yield new AuthScheme.HmacHeader(auth.path("header").asText().toLowerCase(Locale.ROOT), algorithm,
                        auth.path("prefix").asText(""), "base64".equals(auth.path("encoding").asText("hex")));
            }
            case "twilio-signature" -> new AuthScheme.Twilio();
            default -> {
                at.problem("/auth/scheme", "auth.scheme is bearer, body-member, hmac-header or twilio-signature, not '" + scheme + "'");
                yield null;
            }
        };
    }

    /** JSON pointer of every key in the file → its line (as the rules do). */
    private static Map<String, Integer> lineIndex(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token.isStructStart()) {
                    lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(),
                            parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    /** Problems as "file place (line N): what is wrong", the place in dotted form. */
    private record Places(String file, Map<String, Integer> lines, List<String> problems, JsonataLimits limits) {

        void problem(String pointer, String what) {
            problems.add(describe(pointer) + ": " + what);
        }

        String describe(String pointer) {
            String dotted = pointer.isEmpty() ? "(top)" : pointer.substring(1).replace('/', '.');
            String probe = pointer;
            Integer line = null;
            while (line == null && !probe.isEmpty()) {
                line = lines.get(probe);
                probe = probe.substring(0, Math.max(0, probe.lastIndexOf('/')));
            }
            return file + " " + dotted + (line == null ? "" : " (line " + line + ")");
        }

        void unknownKeys(JsonNode node, String base, Set<String> known) {
            node.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    problem(base + "/" + name, "unknown key '" + name + "'; known: " + String.join(", ", new java.util.TreeSet<>(known)));
                }
            });
        }

        Expression expression(JsonNode parent, String pointer, JsonataFunctions functions, boolean required) {
            String name = pointer.substring(pointer.lastIndexOf('/') + 1);
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    problem(pointer, name + " is required: a JSONata expression over the vendor's payload");
                }
                return null;
            }
            if (!node.isTextual()) {
                problem(pointer, name + " is a JSONata expression written as text (quote it, or use a | block)");
                return null;
            }
            try {
                Jsonata compiled = Jsonata.jsonata(node.textValue());
                functions.registerOn(compiled);
                return new Expression(node.textValue(), describe(pointer), compiled, limits);
            } catch (RuntimeException e) {
                problem(pointer, "not a valid JSONata expression: " + e.getMessage());
                return null;
            }
        }
    }
}
