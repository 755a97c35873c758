package io.switchboard.dryrun;

import io.switchboard.dryrun.DryRun;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dry-run} with one event as the body (e.g. {@code curl --data-binary @event.json}, or
 * {@code @-} for stdin): the decision and the exact writes, nothing written.
 */
@RestController
public class DryRunController {

    private final DryRun dryRun;

    public DryRunController(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    @PostMapping(path = "/dry-run", produces = "application/json")
    public DryRun.Report dryRun(@RequestBody byte[] event) {
        return dryRun.explain(event);
    }
}
