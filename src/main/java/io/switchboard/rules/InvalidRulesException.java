package io.switchboard.rules;

import java.util.List;

/** The rules file cannot be used; every problem found is listed, each with its place in the file. */
public class InvalidRulesException extends RuntimeException {

    private final List<String> problems;

    public InvalidRulesException(String file, List<String> problems) {
        super("The rules file " + file + " has " + problems.size() + " problem(s); fix them and save the file again:\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
