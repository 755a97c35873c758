package io.switchboard.review;

import io.switchboard.model.rule.Keyed;
import io.switchboard.model.rule.NewPerson;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The review queue as a JSON API for scripts and pages (documented in docs/console.md, "Review queue"). Event ids go
 * in the body or a query parameter, never in the path: they are the producers' text and may hold any character.
 * Every POST needs the CSRF token of {@code GET /api/review/csrf} (see {@link ReviewApiSecurity}).
 */
@RestController
@RequestMapping(path = "/api/review", produces = "application/json")
public class ReviewController {

    private final ReviewService review;

    public ReviewController(ReviewService review) {
        this.review = review;
    }

    /** Interactions waiting for a person, oldest first; {@code all=true}: also those decided and on their way. */
    @GetMapping("/items")
    public Map<String, Object> items(@RequestParam(defaultValue = "false") boolean all) {
        List<ReviewItem> items = all ? review.all() : review.waiting();
        return Map.of("ready", review.ready(), "count", items.size(), "items", items);
    }

    @GetMapping("/item")
    public ResponseEntity<Map<String, Object>> item(@RequestParam String eventId) {
        return review.item(eventId).<ResponseEntity<Map<String, Object>>>map(i -> ResponseEntity.ok(Map.of("item", i,
                        "audit", review.audit(eventId, 100))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("eventId", eventId,
                        "message", "not in the review queue", "audit", review.audit(eventId, 100))));
    }

    /** The audit trail, newest first: every action, who, when, what and its result. */
    @GetMapping("/audit")
    public List<AuditEntry> audit(@RequestParam(required = false) String eventId,
                                  @RequestParam(defaultValue = "100") int limit) {
        return review.audit(eventId, Math.min(limit, 1000));
    }

    /** The token every POST must send back in the header it names. */
    @GetMapping("/csrf")
    public Map<String, String> csrf(CsrfToken token) {
        return Map.of("headerName", token.getHeaderName(), "parameterName", token.getParameterName(),
                "token", token.getToken());
    }

    public record Deliver(String eventId, String recordId, String note) {
    }

    public record Create(String eventId, String object, String note) {
    }

    public record Skip(String eventId, String reason) {
    }

    @PostMapping("/deliver")
    public ResponseEntity<ActionResult> deliver(@RequestBody Deliver body, Principal who) {
        return answer(review.deliverTo(body.eventId(), body.recordId(), actor(who), body.note()));
    }

    /** {@code object}: Lead or Contact. */
    @PostMapping("/create")
    public ResponseEntity<ActionResult> create(@RequestBody Create body, Principal who) {
        NewPerson whom = body.object() == null ? null : Keyed.fromKey(NewPerson.class, body.object()).orElse(null);
        return answer(review.create(body.eventId(), whom, actor(who), body.note()));
    }

    @PostMapping("/skip")
    public ResponseEntity<ActionResult> skip(@RequestBody Skip body, Principal who) {
        return answer(review.skip(body.eventId(), body.reason(), actor(who)));
    }

    /** Matches every waiting interaction again now. */
    @PostMapping("/rematch")
    public Rematch.Report rematch(Principal who) {
        return review.rematch(actor(who));
    }

    private static ResponseEntity<ActionResult> answer(ActionResult result) {
        HttpStatus status = switch (result.status()) {
            case ACCEPTED -> HttpStatus.OK;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_RESOLVED -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FAILED -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        return ResponseEntity.status(status).body(result);
    }

    /** The operator's login; in local mode, where nobody logs in, "local". */
    private static String actor(Principal who) {
        return who == null ? "local" : who.getName();
    }
}
