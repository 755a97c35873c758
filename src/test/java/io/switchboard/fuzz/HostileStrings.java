package io.switchboard.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The fuzz suite's hostile strings (injections, markup, bidi controls, odd Unicode) for tests outside it. */
public final class HostileStrings {

    private HostileStrings() {
    }

    public static List<String> injections() {
        return List.of(Hostile.INJECTIONS);
    }

    public static List<String> unicode() {
        List<String> all = new ArrayList<>();
        Collections.addAll(all, Hostile.UNICODE);
        return all;
    }
}
