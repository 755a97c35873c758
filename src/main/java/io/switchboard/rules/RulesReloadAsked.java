package io.switchboard.rules;

import java.util.List;

/**
 * Someone asked for the rules to be reloaded now (the Rules MBean's {@code reloadNow}, through Jolokia or Hawtio):
 * published on the caller's thread, so that the audit can name them.
 *
 * @param file     the rules file read
 * @param problems what kept it from replacing the rules in force; empty: it did
 */
public record RulesReloadAsked(String file, List<String> problems) {

    public RulesReloadAsked {
        problems = List.copyOf(problems);
    }
}
