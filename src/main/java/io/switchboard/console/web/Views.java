package io.switchboard.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns stored records into what a page shows: readable JSON, the Salesforce records an outcome wrote. Nothing here
 * escapes: the templates do (Thymeleaf's th:text), so every value reaches the page as text, never as markup.
 */
public final class Views {

    /** A Salesforce record an outcome names, with its Lightning URL. */
    public record RecordLink(String role, String object, String id, String url) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Views() {
    }

    /** The records an outcome matched and wrote: the match first, then the records, then the activity. */
    public static List<RecordLink> links(String outcomeBody) {
        JsonNode o = read(outcomeBody);
        List<RecordLink> out = new ArrayList<>();
        JsonNode m = o.path("matched");
        if (m.path("id").isTextual()) {
            out.add(new RecordLink("matched by " + m.path("by").asText("?"), m.path("object").asText(""),
                    m.path("id").asText(), url(m)));
        }
        for (JsonNode r : o.path("records")) {
            out.add(new RecordLink(r.path("action").asText("written"), r.path("object").asText(""), r.path("id").asText(""), url(r)));
        }
        JsonNode a = o.path("activity");
        if (a.path("id").isTextual()) {
            out.add(new RecordLink("activity " + a.path("action").asText("written"), a.path("object").asText(""),
                    a.path("id").asText(), url(a)));
        }
        return out;
    }

    /** The other records of the matched object that matched too (the outcome's {@code matched.alsoMatched}). */
    public static List<String> alsoMatched(String outcomeBody) {
        List<String> out = new ArrayList<>();
        read(outcomeBody).path("matched").path("alsoMatched").forEach(id -> {
            if (id.isTextual()) {
                out.add(id.asText());
            }
        });
        return out;
    }

    /** Only web addresses become links: an outcome is data, and a {@code javascript:} URL in it must stay text. */
    private static String url(JsonNode node) {
        String url = node.path("url").asText(null);
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }

    /** JSON indented for reading; anything else as text (invalid UTF-8 shown with replacement characters). */
    public static String pretty(byte[] value) {
        if (value == null) {
            return "(no value)";
        }
        String text = text(value);
        try {
            JsonNode node = JSON.readTree(value);
            return node == null ? text : JSON.writeValueAsString(node);
        } catch (Exception | StackOverflowError e) {
            return text;
        }
    }

    public static String pretty(String value) {
        return value == null ? "" : pretty(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes as UTF-8, or, when they are not, each invalid sequence replaced (and said so). */
    static String text(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return "(not valid UTF-8; invalid bytes shown as \uFFFD)\n" + new String(value, StandardCharsets.UTF_8);
        }
    }

    private static JsonNode read(String body) {
        try {
            JsonNode node = body == null ? null : JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
