package io.switchboard.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.switchboard.console.ServiceState;
import io.switchboard.console.audit.AuditEntry;
import io.switchboard.console.audit.AuditLog;
import io.switchboard.console.audit.Operator;
import io.switchboard.console.replay.DeadLetterActions;
import io.switchboard.console.store.DeadLetterGroup;
import io.switchboard.console.store.DeadLetterQueries;
import io.switchboard.console.store.DeadLetterRow;
import io.switchboard.console.store.OutcomeFilter;
import io.switchboard.console.store.OutcomeQueries;
import io.switchboard.console.store.OutcomeRow;
import io.switchboard.console.store.Originals;
import io.switchboard.console.store.StoreSource;
import io.switchboard.dryrun.DryRun;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's JSON API, for scripts: the same views and the same actions as the pages (see docs/console.md).
 * Actions are POSTs and need the CSRF token like the pages: {@code GET /console/api/csrf} gives it (and sets the
 * {@code XSRF-TOKEN} cookie); send it back in the {@code X-XSRF-TOKEN} header with that cookie.
 */
@RestController
@RequestMapping(path = "/console/api", produces = "application/json")
public class ConsoleApi {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final ObjectMapper PRETTY = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final OutcomeQueries outcomes;
    private final DeadLetterQueries deadLetters;
    private final Originals originals;
    private final DeadLetterActions actions;
    private final AuditLog audit;
    private final ServiceState service;
    private final StoreSource store;

    public ConsoleApi(OutcomeQueries outcomes, DeadLetterQueries deadLetters, Originals originals,
                      DeadLetterActions actions, AuditLog audit, ServiceState service,
                      StoreSource store) {
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.originals = originals;
        this.actions = actions;
        this.audit = audit;
        this.service = service;
        this.store = store;
    }

    /** The token the actions need, and the header to send it in. */
    @GetMapping("/csrf")
    public Map<String, String> csrf(CsrfToken token) {
        return Map.of("headerName", "X-XSRF-TOKEN", "cookieName", "XSRF-TOKEN", "token", token.getToken());
    }

    @GetMapping("/overview")
    public Map<String, Object> overview() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lastHourByDecision", Charts.totals(outcomes.perBucket(Instant.now().minus(Duration.ofMinutes(59)), ChronoUnit.MINUTES)));
        out.put("lastDayByDecision", Charts.totals(outcomes.perBucket(Instant.now().minus(Duration.ofHours(23)), ChronoUnit.HOURS)));
        out.put("openDeadLetters", deadLetters.openCount());
        ServiceState.Snapshot s = service.now();
        out.put("service", s);
        out.put("storeRebuild", store.lastRebuild().orElse(null));
        return out;
    }

    @GetMapping("/outcomes")
    public List<Map<String, Object>> outcomes(@RequestParam(required = false) String decision,
                                              @RequestParam(required = false) String type,
                                              @RequestParam(required = false) String source,
                                              @RequestParam(required = false) String from,
                                              @RequestParam(required = false) String to,
                                              @RequestParam(required = false) String q,
                                              @RequestParam(defaultValue = "false") boolean duplicates,
                                              @RequestParam(defaultValue = "50") int limit,
                                              @RequestParam(defaultValue = "0") int skip) {
        return outcomes.find(new OutcomeFilter(decision, type, source, ConsolePages.time(from), ConsolePages.time(to), q,
                duplicates, limit, skip)).stream().map(r -> outcome(r, false)).toList();
    }

    @GetMapping("/outcomes/{id}")
    public Map<String, Object> outcome(@PathVariable long id) {
        return outcome(outcomes.get(id).orElseThrow(() -> new ConsolePages.NotFound("No outcome " + id)), true);
    }

    private Map<String, Object> outcome(OutcomeRow r, boolean withOriginal) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("links", Views.links(r.body()));
        out.put("outcome", tree(r.body()));
        if (withOriginal) {
            out.put("original", originals.at(r.originTopic(), r.originPartition(), r.originOffset())
                    .map(o -> Views.pretty(o.value())).orElse(null));
        }
        return out;
    }

    @GetMapping("/dead-letters/groups")
    public List<DeadLetterGroup> groups() {
        return deadLetters.groups();
    }

    @GetMapping("/dead-letters")
    public List<Map<String, Object>> deadLetters(@RequestParam String code, @RequestParam String step,
                                                 @RequestParam(defaultValue = "false") boolean all) {
        return deadLetters.inGroup(code, step, !all, 500).stream().map(d -> deadLetter(d, false)).toList();
    }

    @GetMapping("/dead-letters/{id}")
    public Map<String, Object> deadLetter(@PathVariable long id) {
        return deadLetter(deadLetters.get(id).orElseThrow(() -> new DeadLetterActions.NoSuchDeadLetter(id)), true);
    }

    private Map<String, Object> deadLetter(DeadLetterRow d, boolean withReplays) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("reference", d.reference());
        out.put("errorCode", d.errorCode());
        out.put("errorStep", d.errorStep());
        out.put("errorMessage", d.errorMessage());
        out.put("eventId", d.eventId());
        out.put("failedAt", d.failedAt());
        out.put("status", d.status());
        out.put("settledBy", d.settledBy());
        out.put("settledAt", d.settledAt());
        out.put("note", d.note());
        out.put("headers", d.headers());
        out.put("key", d.key());
        out.put("value", d.value() == null ? null : Views.text(d.value()));
        if (withReplays) {
            out.put("replays", outcomes.replaysOf(d.reference()).stream().map(r -> outcome(r, false)).toList());
        }
        return out;
    }

    @PostMapping("/dead-letters/{id}/dry-run")
    public DryRun.Report dryRun(@PathVariable long id) {
        return actions.dryRun(id, Operator.current(Operator.API));
    }

    /** Body: {@code {"ids": [1, 2]}} for a selection, or {@code {"code": "...", "step": "..."}} for a whole group. */
    @PostMapping("/dead-letters/replay")
    public DeadLetterActions.Outcome replay(@RequestBody ReplayRequest request) {
        if (request.ids() != null && !request.ids().isEmpty()) {
            return actions.replay(request.ids(), Operator.current(Operator.API));
        }
        if (request.code() != null && request.step() != null) {
            return actions.replayGroup(request.code(), request.step(), Operator.current(Operator.API));
        }
        throw new IllegalArgumentException("Name the dead letters to replay: {\"ids\": [...]} or {\"code\": ..., \"step\": ...}");
    }

    /** What to replay. */
    public record ReplayRequest(List<Long> ids, String code, String step) {
    }

    /** Body: {@code {"ids": [1, 2], "note": "why"}}. */
    @PostMapping("/dead-letters/discard")
    public DeadLetterActions.Outcome discard(@RequestBody DiscardRequest request) {
        if (request.ids() == null || request.ids().isEmpty()) {
            throw new IllegalArgumentException("Name the dead letters to discard: {\"ids\": [...], \"note\": \"why\"}");
        }
        return actions.discard(request.ids(), request.note(), Operator.current(Operator.API));
    }

    /** What to discard, and why. */
    public record DiscardRequest(List<Long> ids, String note) {
    }

    @GetMapping("/audit")
    public List<AuditEntry> audit(@RequestParam(defaultValue = "100") int limit) {
        return audit.latest(Math.max(1, Math.min(limit, 1000)));
    }

    @ExceptionHandler({ConsolePages.NotFound.class, DeadLetterActions.NoSuchDeadLetter.class})
    public ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler({ConsolePages.BadRequest.class, IllegalArgumentException.class})
    public ResponseEntity<Map<String, String>> badRequest(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    static String prettyJson(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (Exception e) {
            return String.valueOf(value);
        }
    }
}
