package io.switchboard.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * What the contract does with characters Salesforce cannot store or JSON writers cannot write, on purpose:
 * <ul>
 *   <li>in {@code data}, a lone UTF-16 surrogate (JSON allows the escape {@code "\ud800"}) becomes U+FFFD, since
 *       no JSON writer can send it on;</li>
 *   <li>in {@code data}, control characters other than tab, line feed and carriage return (NUL among them) are
 *       removed: Salesforce's text fields refuse them, and they carry no meaning in a name or a transcript;</li>
 *   <li>in the envelope ({@code id}, {@code source}, {@code type}, {@code subject}) both are left as they are, for
 *       the contract to reject, since those values are keys and must not change silently (two ids would become
 *       one).</li>
 * </ul>
 */
final class TextSanitizer {

    private TextSanitizer() {
    }

    /** The same tree, changed in place where a text needs it. */
    static JsonNode sanitize(JsonNode tree) {
        if (tree instanceof ObjectNode envelope) {
            for (Iterator<Map.Entry<String, JsonNode>> it = envelope.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if ("data".equals(member.getKey())) {
                    member.setValue(walk(member.getValue(), true));
                }
            }
        }
        return tree;
    }

    private static JsonNode walk(JsonNode node, boolean stripControls) {
        if (node instanceof TextNode text) {
            String clean = clean(text.textValue(), stripControls);
            return clean.equals(text.textValue()) ? node : TextNode.valueOf(clean);
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                member.setValue(walk(member.getValue(), stripControls));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, walk(array.get(i), stripControls));
            }
        }
        return node;
    }

    /** Whether the text holds a UTF-16 surrogate without its pair. */
    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String clean(String text, boolean stripControls) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = null;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                replacement = "\uFFFD";
            } else if (stripControls && isUnwantedControl(c)) {
                replacement = "";
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isUnwantedControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }
}
