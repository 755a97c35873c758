package io.switchboard.rules;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;

/**
 * The YAML syntax errors of an edited rules file, each at its line, and the file without those lines, so that the
 * rest is still read and checked against the org in the same round: a person who mis-indents one line or types a tab
 * sees that and every other problem of the edit at once, not one per save. A line left out is blank in
 * {@link #readable()}, so every other line keeps its number.
 *
 * @param readable the text with the lines that broke the syntax blanked; null when even that does not parse
 * @param problems one per line left out, "line N (column M): ..."
 */
record YamlSyntax(String readable, List<String> problems) {

    /** An edit rarely breaks more lines than this; past it the file is reported as not YAML. */
    private static final int MOST_LINES_LEFT_OUT = 20;

    YamlSyntax {
        problems = List.copyOf(problems);
    }

    static YamlSyntax check(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        List<String> problems = new ArrayList<>();
        Set<Integer> leftOut = new LinkedHashSet<>();
        while (true) {
            String candidate = String.join("\n", lines);
            try {
                for (Event ignored : new Yaml(new LoaderOptions()).parse(new StringReader(candidate))) {
                    // reading every event is what finds a syntax error; the events themselves are Jackson's to read
                }
                return new YamlSyntax(candidate, problems);
            } catch (MarkedYAMLException e) {
                int line = lineAtFault(e, lines);
                if (line < 0 || !leftOut.add(line) || leftOut.size() > MOST_LINES_LEFT_OUT) {
                    return new YamlSyntax(null, problems.isEmpty() ? List.of(describe(e, lines)) : problems);
                }
                problems.add(describe(e, lines) + "; the rest of the file was checked without this line");
                lines.set(line, "");
            } catch (YAMLException e) {
                return new YamlSyntax(null, List.of("not valid YAML: " + firstLine(e.getMessage())));
            }
        }
    }

    /**
     * The line to leave out (0-based): where the parser stopped, or, when it stopped at the end of the file (an
     * unclosed quote or bracket), the line where what it was reading began.
     */
    private static int lineAtFault(MarkedYAMLException e, List<String> lines) {
        Mark problem = e.getProblemMark();
        Mark context = e.getContextMark();
        if (problem != null && problem.getLine() < lines.size() && !lines.get(problem.getLine()).isBlank()) {
            return problem.getLine();
        }
        if (context != null && context.getLine() < lines.size() && !lines.get(context.getLine()).isBlank()) {
            return context.getLine();
        }
        return -1;
    }

    private static String describe(MarkedYAMLException e, List<String> lines) {
        Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int line = lineAtFault(e, lines);
        String where = line < 0 ? (at == null ? "" : "line " + (at.getLine() + 1) + " ")
                : "line " + (line + 1) + (at != null && at.getLine() == line ? " (column " + (at.getColumn() + 1) + ")" : "") + " ";
        String what = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
        if (e.getContext() != null) {
            what += " (" + e.getContext() + ")";
        }
        if (what.contains("(TAB)")) {
            what = "a tab, which YAML does not take for indentation; indent with spaces";
        }
        return where + "is not valid YAML: " + what;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
