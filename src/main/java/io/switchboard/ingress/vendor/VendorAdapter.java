package io.switchboard.ingress.vendor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.ingress.auth.FormBody;
import io.switchboard.ingress.auth.IngressRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * One vendor webhook through its mapping: the body read as the vendor encodes it, the vendor's proof checked, and
 * the payload either turned into one structured-mode CloudEvent (to be checked against the contract as every event
 * is), or ignored with a reason, or refused with one.
 */
public final class VendorAdapter {

    private final ObjectMapper json;

    public VendorAdapter(ObjectMapper json) {
        ObjectMapper strict = json.copy();
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
        strict.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.json = strict;
    }

    public Adapted adapt(VendorMapping mapping, IngressRequest request, String secret, String publicUrl) {
        // a proof outside the body is checked first: a stranger learns nothing of what the body should be
        try {
            if (!mapping.auth().insideTheBody() && !mapping.auth().verify(request, null, secret, publicUrl)) {
                return Adapted.unauthorized();
            }
        } catch (FormBody.Malformed e) {
            // a proof over the form's fields (Twilio's) cannot be checked on a form that cannot be read
            return Adapted.refused("The body (or the query string) is not valid application/x-www-form-urlencoded: "
                    + e.getMessage());
        }
        JsonNode payload;
        try {
            payload = read(mapping, request.body());
        } catch (IOException | RuntimeException e) {
            return Adapted.refused("The body is not what " + mapping.vendor() + " sends (" + mapping.format().name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + io.switchboard.model.Texts.cut(String.valueOf(e.getMessage()).split("\n")[0], 300));
        }
        if (mapping.auth().insideTheBody() && !mapping.auth().verify(request, payload, secret, publicUrl)) {
            return Adapted.unauthorized();
        }
        Object input = json.convertValue(payload, Object.class);
        String name;
        try {
            Object value = mapping.eventName().evaluate(input);
            name = value == null ? null : String.valueOf(value);
        } catch (RuntimeException e) {
            return Adapted.refused(mapping.eventName().place() + " failed on this payload: " + e.getMessage());
        }
        if (name == null || name.isBlank()) {
            return Adapted.refused("The payload names no " + mapping.vendor() + " event (" + mapping.eventName().place() + ")");
        }
        if (mapping.ignore().containsKey(name)) {
            return Adapted.ignored(name, mapping.ignore().get(name));
        }
        var event = mapping.mappingFor(name);
        if (event.isEmpty()) {
            return Adapted.ignored(name, "no mapping for " + mapping.vendor() + "'s " + name);
        }
        VendorMapping.EventMapping m = event.get();
        Expression current = m.type();
        try {
            Object type = m.type().evaluate(input);
            if (type == null) {
                return Adapted.ignored(name, m.ignoreReason());
            }
            ObjectNode envelope = json.createObjectNode();
            envelope.put("specversion", "1.0");
            current = m.id();
            envelope.set("id", tree(m.id().evaluate(input)));
            envelope.put("source", mapping.vendor());
            envelope.set("type", tree(type));
            current = m.time();
            envelope.set("time", tree(m.time().evaluate(input)));
            if (m.subject() != null) {
                current = m.subject();
                Object subject = m.subject().evaluate(input);
                if (subject != null) {
                    envelope.set("subject", tree(subject));
                }
            }
            current = m.data();
            envelope.set("data", tree(m.data().evaluate(input)));
            return Adapted.event(name, json.writeValueAsBytes(envelope));
        } catch (IOException | RuntimeException e) {
            return Adapted.refused(current.place() + " failed on this payload: " + io.switchboard.model.Texts.cut(String.valueOf(e.getMessage()), 300));
        }
    }

    private JsonNode read(VendorMapping mapping, byte[] body) throws IOException {
        if (!isUtf8(body)) {
            throw new IOException("not UTF-8");
        }
        if (mapping.format() == VendorMapping.BodyFormat.FORM) {
            ObjectNode fields = json.createObjectNode();
            for (Map.Entry<String, String> field : FormBody.fields(body)) {
                if (fields.has(field.getKey())) {
                    throw new IOException("the field " + field.getKey() + " is given twice");
                }
                fields.put(field.getKey(), field.getValue());
            }
            return fields;
        }
        JsonNode tree = json.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw new IOException("not one JSON object");
        }
        return tree;
    }

    /**
     * JSONata's value as JSON; JSONata computes in doubles, so a whole number is written as one, and a member whose
     * value is null (a function's answer for a missing input) is left out, as JSONata leaves out undefined ones.
     */
    private JsonNode tree(Object value) {
        JsonNode node = json.valueToTree(value);
        return wholeNumbers(node);
    }

    private JsonNode wholeNumbers(JsonNode node) {
        if (node.isDouble() || node.isFloat() || node.isBigDecimal()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return json.getNodeFactory().numberNode((long) d);
            }
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    e.setValue(wholeNumbers(e.getValue()));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, wholeNumbers(node.get(i)));
            }
        }
        return node;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * What became of a webhook: an event (its structured-mode JSON), ignored (with the vendor's event name and why),
     * refused (why), or not the vendor's own (bad proof).
     */
    public record Adapted(Kind kind, String vendorEvent, byte[] event, String reason) {

        public enum Kind { EVENT, IGNORED, REFUSED, UNAUTHORIZED }

        static Adapted event(String name, byte[] event) {
            return new Adapted(Kind.EVENT, name, event, null);
        }

        static Adapted ignored(String name, String reason) {
            return new Adapted(Kind.IGNORED, name, null, reason);
        }

        static Adapted refused(String reason) {
            return new Adapted(Kind.REFUSED, null, null, reason);
        }

        static Adapted unauthorized() {
            return new Adapted(Kind.UNAUTHORIZED, null, null, "bad signature or token");
        }
    }
}
