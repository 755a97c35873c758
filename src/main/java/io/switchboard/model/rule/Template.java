package io.switchboard.model.rule;

import io.switchboard.model.rule.EventPaths;

import io.switchboard.model.InteractionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A text with placeholders over the event: {@code "Call from {person.name|person.phone|'unknown caller'}"}.
 * Inside braces, alternatives separated by {@code |} are tried in order; a quoted alternative is a literal.
 * A placeholder with no value renders as nothing.
 */
public final class Template {

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Parses a template; throws {@link IllegalArgumentException} with the position of a syntax error. */
    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{') {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '{' at position " + (i + 1) + " of \"" + source + "\"");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                String inside = source.substring(i + 1, end).trim();
                if (inside.isEmpty()) {
                    throw new IllegalArgumentException("empty placeholder '{}' at position " + (i + 1) + " of \"" + source + "\"");
                }
                List<String> alternatives = new ArrayList<>();
                for (String alternative : inside.split("\\|")) {
                    String a = alternative.trim();
                    if (a.isEmpty() || (a.startsWith("'") != a.endsWith("'")) || (a.startsWith("'") && a.length() == 1)) {
                        throw new IllegalArgumentException("bad placeholder '{" + inside + "}' in \"" + source
                                + "\": use {path}, {path|other.path} or {path|'literal'}");
                    }
                    alternatives.add(a);
                }
                parts.add(new Placeholder(alternatives));
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("'}' without '{' at position " + (i + 1) + " of \"" + source + "\"");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(source, List.copyOf(parts));
    }

    /**
     * The text with every placeholder filled. A line whose placeholders all come out empty is left out, so a
     * description can list "Sentiment: {content.sentiment}" and show the line only when there is a sentiment.
     */
    public String render(InteractionEvent event) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        boolean placeholders = false;
        boolean filled = false;
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                String[] pieces = literal.text().split("\n", -1);
                for (int i = 0; i < pieces.length; i++) {
                    line.append(pieces[i]);
                    if (i < pieces.length - 1) {
                        if (!placeholders || filled) {
                            out.append(line).append('\n');
                        }
                        line.setLength(0);
                        placeholders = false;
                        filled = false;
                    }
                }
            } else {
                String value = part.render(event);
                placeholders = true;
                filled |= !value.isEmpty();
                line.append(value);
            }
        }
        if (!placeholders || filled) {
            out.append(line);
        }
        return out.toString().strip();
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    private sealed interface Part {
        String render(InteractionEvent event);
    }

    private record Literal(String text) implements Part {
        public String render(InteractionEvent event) {
            return text;
        }
    }

    private record Placeholder(List<String> alternatives) implements Part {
        public String render(InteractionEvent event) {
            for (String a : alternatives) {
                if (a.startsWith("'")) {
                    return a.substring(1, a.length() - 1);
                }
                Optional<String> value = EventPaths.text(event, a);
                if (value.isPresent()) {
                    return value.get();
                }
            }
            return "";
        }
    }
}
