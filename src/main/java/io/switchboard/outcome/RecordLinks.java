package io.switchboard.outcome;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.springframework.stereotype.Component;

/** Links to records in the Salesforce UI, from the instance URL of the component's session. */
@Component
public class RecordLinks {

    private final CamelContext camel;
    private final String configured;

    public RecordLinks(CamelContext camel, LinkProperties properties) {
        this.camel = camel;
        this.configured = properties.recordUrlBase();
    }

    public String url(String sObject, String id) {
        if (id == null) {
            return null;
        }
        String base = base();
        return base == null ? null : base + "/lightning/r/" + sObject + "/" + id + "/view";
    }

    private String base() {
        if (!configured.isBlank()) {
            return configured;
        }
        SalesforceComponent component = camel.getComponent("salesforce", SalesforceComponent.class);
        if (component != null && component.getSession() != null && component.getSession().getInstanceUrl() != null) {
            return component.getSession().getInstanceUrl();
        }
        return null;
    }
}
