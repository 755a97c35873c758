package io.switchboard.console.web;

import io.switchboard.console.ServiceState;
import io.switchboard.console.audit.AuditLog;
import io.switchboard.console.audit.Operator;
import io.switchboard.console.replay.DeadLetterActions;
import io.switchboard.console.store.DeadLetterQueries;
import io.switchboard.console.store.DeadLetterRow;
import io.switchboard.console.store.OutcomeFilter;
import io.switchboard.console.store.OutcomeQueries;
import io.switchboard.console.store.OutcomeRow;
import io.switchboard.console.store.Originals;
import io.switchboard.console.store.StoreSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's pages, rendered on the server (Thymeleaf), made lively with htmx where it helps (the sync log's
 * filters, a dry run's answer in place). Every action is a POST with the CSRF token, and is audited.
 */
@Controller
@RequestMapping("/console")
public class ConsolePages {

    private final OutcomeQueries outcomes;
    private final DeadLetterQueries deadLetters;
    private final Originals originals;
    private final DeadLetterActions actions;
    private final AuditLog audit;
    private final ServiceState service;
    private final StoreSource store;

    public ConsolePages(OutcomeQueries outcomes, DeadLetterQueries deadLetters, Originals originals,
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

    @GetMapping({"", "/"})
    public String overview(Model model) {
        var hour = outcomes.perBucket(Instant.now().minus(Duration.ofMinutes(59)), ChronoUnit.MINUTES);
        var day = outcomes.perBucket(Instant.now().minus(Duration.ofHours(23)), ChronoUnit.HOURS);
        model.addAttribute("hourChart", Charts.json(hour, true));
        model.addAttribute("dayChart", Charts.json(day, false));
        model.addAttribute("hourTotals", Charts.totals(hour));
        model.addAttribute("dayTotals", Charts.totals(day));
        model.addAttribute("state", service.now());
        model.addAttribute("openDeadLetters", deadLetters.openCount());
        model.addAttribute("storeRebuild", store.lastRebuild().orElse(null));
        model.addAttribute("page", "overview");
        return "console/overview";
    }

    @GetMapping("/sync-log")
    public String syncLog(@RequestParam(required = false) String decision, @RequestParam(required = false) String type,
                          @RequestParam(required = false) String source, @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to, @RequestParam(required = false) String q,
                          @RequestParam(defaultValue = "false") boolean duplicates,
                          @RequestParam(defaultValue = "0") int skip,
                          @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        OutcomeFilter filter = new OutcomeFilter(decision, type, source, time(from), time(to), q, duplicates,
                OutcomeFilter.PAGE, skip);
        List<OutcomeRow> rows = outcomes.find(filter);
        model.addAttribute("rows", rows.stream().map(r -> new SyncLogRow(r, Views.links(r.body()),
                Views.alsoMatched(r.body()))).toList());
        model.addAttribute("filter", filter);
        model.addAttribute("fromText", from == null ? "" : from);
        model.addAttribute("toText", to == null ? "" : to);
        model.addAttribute("decisions", Charts.DECISIONS);
        model.addAttribute("types", outcomes.distinct("event_type"));
        model.addAttribute("sources", outcomes.distinct("source"));
        model.addAttribute("next", rows.size() == filter.limit() ? pageLink(decision, type, source, from, to, q, duplicates, skip + filter.limit()) : null);
        model.addAttribute("page", "sync-log");
        return htmx != null ? "console/sync-log :: rows" : "console/sync-log";
    }

    /** A row of the sync log with the records it links to, and the other records its person matched too. */
    public record SyncLogRow(OutcomeRow outcome, List<Views.RecordLink> links, List<String> alsoMatched) {
    }

    @GetMapping("/sync-log/{id}")
    public String outcome(@PathVariable long id, Model model) {
        OutcomeRow row = outcomes.get(id).orElseThrow(() -> new NotFound("No outcome " + id + " in the console's store"));
        model.addAttribute("o", row);
        model.addAttribute("links", Views.links(row.body()));
        model.addAttribute("outcomeJson", Views.pretty(row.body()));
        var original = originals.at(row.originTopic(), row.originPartition(), row.originOffset());
        model.addAttribute("originalJson", original.map(o -> Views.pretty(o.value())).orElse(null));
        model.addAttribute("replayed", row.replayOf() == null ? null : deadLetters.byReference(row.replayOf()).orElse(null));
        model.addAttribute("page", "sync-log");
        return "console/outcome";
    }

    @GetMapping("/dead-letters")
    public String deadLetterGroups(Model model) {
        model.addAttribute("groups", deadLetters.groups());
        model.addAttribute("page", "dead-letters");
        return "console/dead-letters";
    }

    @GetMapping("/dead-letters/group")
    public String deadLetterGroup(@RequestParam String code, @RequestParam String step,
                                  @RequestParam(defaultValue = "false") boolean all, Model model) {
        model.addAttribute("code", code);
        model.addAttribute("step", step);
        model.addAttribute("all", all);
        model.addAttribute("letters", deadLetters.inGroup(code, step, !all, 500));
        model.addAttribute("self", groupLink(code, step, all));
        model.addAttribute("page", "dead-letters");
        return "console/dead-letter-group";
    }

    @GetMapping("/dead-letters/{id}")
    public String deadLetter(@PathVariable long id, Model model) {
        DeadLetterRow letter = deadLetters.get(id).orElseThrow(() -> new NotFound("No dead letter " + id + " in the console's store"));
        model.addAttribute("d", letter);
        model.addAttribute("valueText", Views.pretty(letter.value()));
        model.addAttribute("replays", outcomes.replaysOf(letter.reference()));
        model.addAttribute("published", originals.replaysOf(letter.reference()));
        model.addAttribute("page", "dead-letters");
        return "console/dead-letter";
    }

    @PostMapping("/dead-letters/{id}/dry-run")
    public String dryRun(@PathVariable long id, Model model) {
        var report = actions.dryRun(id, Operator.current(Operator.CONSOLE));
        model.addAttribute("report", report);
        model.addAttribute("reportJson", ConsoleApi.prettyJson(report));
        return "console/dead-letter :: dry-run";
    }

    @PostMapping("/dead-letters/replay")
    public String replay(@RequestParam(name = "id", required = false) List<Long> ids,
                         @RequestParam(required = false) String back, RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            redirect.addFlashAttribute("message", "Nothing selected: tick the dead letters to replay.");
        } else {
            var result = actions.replay(ids, Operator.current(Operator.CONSOLE));
            redirect.addFlashAttribute("message", "Replay: " + result.summary());
            redirect.addFlashAttribute("details", result.details());
        }
        return "redirect:" + safeBack(back);
    }

    @PostMapping("/dead-letters/replay-group")
    public String replayGroup(@RequestParam String code, @RequestParam String step, RedirectAttributes redirect) {
        var result = actions.replayGroup(code, step, Operator.current(Operator.CONSOLE));
        redirect.addFlashAttribute("message", "Replay of the group: " + result.summary());
        redirect.addFlashAttribute("details", result.details());
        return "redirect:" + groupLink(code, step, true);
    }

    @PostMapping("/dead-letters/discard")
    public String discard(@RequestParam(name = "id", required = false) List<Long> ids, @RequestParam(required = false) String note,
                          @RequestParam(required = false) String back, RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            redirect.addFlashAttribute("message", "Nothing selected: tick the dead letters to discard.");
        } else if (note == null || note.isBlank()) {
            redirect.addFlashAttribute("message", "A discard needs a note saying why.");
        } else {
            var result = actions.discard(ids, note, Operator.current(Operator.CONSOLE));
            redirect.addFlashAttribute("message", "Discard: " + result.summary());
        }
        return "redirect:" + safeBack(back);
    }

    @GetMapping("/audit")
    public String audit(Model model) {
        model.addAttribute("entries", audit.latest(500));
        model.addAttribute("page", "audit");
        return "console/audit";
    }

    static String groupLink(String code, String step, boolean all) {
        return UriComponentsBuilder.fromPath("/console/dead-letters/group").queryParam("code", code)
                .queryParam("step", step).queryParam("all", all).encode().build().toUriString();
    }

    private static String pageLink(String decision, String type, String source, String from, String to, String q,
                                   boolean duplicates, int skip) {
        var b = UriComponentsBuilder.fromPath("/console/sync-log");
        if (decision != null) b.queryParam("decision", decision);
        if (type != null) b.queryParam("type", type);
        if (source != null) b.queryParam("source", source);
        if (from != null) b.queryParam("from", from);
        if (to != null) b.queryParam("to", to);
        if (q != null) b.queryParam("q", q);
        if (duplicates) b.queryParam("duplicates", true);
        return b.queryParam("skip", skip).encode().build().toUriString();
    }

    /** Back to a console page only: never an open redirect. */
    private static String safeBack(String back) {
        return back != null && back.startsWith("/console/") && !back.startsWith("//") && !back.contains("\\")
                && back.chars().noneMatch(c -> c < 0x20) ? back : "/console/dead-letters";
    }

    /** A time filter from the page (a datetime-local, read as UTC) or the API (an ISO instant). */
    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new BadRequest("Not a time: '" + text + "'; use 2026-11-20T15:04 (UTC) or 2026-11-20T15:04:05Z");
            }
        }
    }

    @ExceptionHandler({NotFound.class, DeadLetterActions.NoSuchDeadLetter.class})
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public String notFound(RuntimeException e, Model model) {
        model.addAttribute("problem", e.getMessage());
        return "console/problem";
    }

    @ExceptionHandler({BadRequest.class, IllegalArgumentException.class})
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public String badRequest(RuntimeException e, Model model) {
        model.addAttribute("problem", e.getMessage());
        return "console/problem";
    }

    /** Nothing with that id. */
    static class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    /** A request the console cannot read. */
    static class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
