package io.switchboard.console.web;

import io.switchboard.console.audit.AuditLog;
import io.switchboard.console.audit.Operator;
import io.switchboard.model.rule.NewPerson;
import io.switchboard.outcome.RecordLinks;
import io.switchboard.review.ActionResult;
import io.switchboard.review.ReviewItem;
import io.switchboard.review.ReviewService;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The review queue's page: interactions nobody could place, with the records they may belong to. The operator
 * delivers one to a candidate, creates a Lead or a Contact for it, or skips it, through the review queue's own
 * service (which makes the decision once, for every instance); each action is also in the console's audit.
 */
@Controller
@RequestMapping("/console/review")
public class ReviewPages {

    /** A held interaction as the page shows it: its candidates with their Lightning links. */
    public record Row(ReviewItem item, List<CandidateLink> candidates) {
    }

    /** A record the interaction may belong to. */
    public record CandidateLink(String id, String object, String name, String why, String url) {
    }

    private final ReviewService review;
    private final RecordLinks links;
    private final AuditLog audit;

    public ReviewPages(ReviewService review, RecordLinks links, AuditLog audit) {
        this.review = review;
        this.links = links;
        this.audit = audit;
    }

    @GetMapping
    public String queue(Model model) {
        model.addAttribute("rows", review.all().stream().map(i -> new Row(i, i.candidates().stream()
                .map(c -> new CandidateLink(c.id(), c.sObject(), c.name(), c.why(), links.url(c.sObject(), c.id())))
                .toList())).toList());
        model.addAttribute("ready", review.ready());
        model.addAttribute("history", review.audit(null, 50));
        model.addAttribute("page", "review");
        return "console/review";
    }

    @PostMapping("/deliver")
    public String deliver(@RequestParam String eventId, @RequestParam String recordId,
                          @RequestParam(required = false) String note, RedirectAttributes redirect) {
        Operator who = Operator.current(Operator.CONSOLE);
        return answer(review.deliverTo(eventId, recordId, who.name(), note), who, "review-deliver",
                eventId + " to " + recordId, note, redirect);
    }

    @PostMapping("/create")
    public String create(@RequestParam String eventId, @RequestParam String whom,
                         @RequestParam(required = false) String note, RedirectAttributes redirect) {
        Operator who = Operator.current(Operator.CONSOLE);
        NewPerson person = "Contact".equals(whom) ? NewPerson.CONTACT : "Lead".equals(whom) ? NewPerson.LEAD : null;
        return answer(review.create(eventId, person, who.name(), note), who, "review-create-" + whom,
                eventId, note, redirect);
    }

    @PostMapping("/skip")
    public String skip(@RequestParam String eventId, @RequestParam(required = false) String reason,
                       RedirectAttributes redirect) {
        Operator who = Operator.current(Operator.CONSOLE);
        return answer(review.skip(eventId, reason, who.name()), who, "review-skip", eventId, reason, redirect);
    }

    private String answer(ActionResult result, Operator who, String action, String target, String note,
                          RedirectAttributes redirect) {
        String said = result.status().name().toLowerCase(java.util.Locale.ROOT)
                + (result.message() == null ? "" : ": " + result.message());
        audit.record(who, action, target, said, note);
        redirect.addFlashAttribute("message", (result.accepted() ? "Done — " : "Not done — ") + said);
        return "redirect:/console/review";
    }
}
