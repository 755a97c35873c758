package io.switchboard.console.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counts per bucket and decision as Chart.js data (labels and one dataset per decision), as JSON. */
final class Charts {

    /** The decisions in the order the chart stacks them; any other decision found is added after them. */
    static final List<String> DECISIONS = List.of("delivered", "skipped-by-rule", "held-for-review", "dead-lettered");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MMM d HH:00").withZone(ZoneOffset.UTC);

    private Charts() {
    }

    static String json(Map<Instant, Map<String, Long>> buckets, boolean minutes) {
        Set<String> decisions = new LinkedHashSet<>(DECISIONS);
        buckets.values().forEach(m -> decisions.addAll(m.keySet()));
        List<String> labels = new ArrayList<>();
        buckets.keySet().forEach(b -> labels.add((minutes ? MINUTE : HOUR).format(b)));
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (String decision : decisions) {
            List<Long> data = new ArrayList<>();
            buckets.values().forEach(m -> data.add(m.getOrDefault(decision, 0L)));
            if (DECISIONS.contains(decision) || data.stream().anyMatch(n -> n > 0)) {
                Map<String, Object> set = new LinkedHashMap<>();
                set.put("label", decision);
                set.put("data", data);
                datasets.add(set);
            }
        }
        try {
            return JSON.writeValueAsString(Map.of("labels", labels, "datasets", datasets));
        } catch (Exception e) {
            return "{\"labels\":[],\"datasets\":[]}";
        }
    }

    /** The totals per decision over all buckets. */
    static Map<String, Long> totals(Map<Instant, Map<String, Long>> buckets) {
        Map<String, Long> out = new LinkedHashMap<>();
        buckets.values().forEach(m -> m.forEach((d, n) -> out.merge(d, n, Long::sum)));
        return out;
    }
}
