package io.switchboard.benchmark;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The per-event baseline: what a pipeline built from the Camel Salesforce kamelets does, one request per
 * operation and nothing batched. For each record: one SOQL query for a Contact (by email or phone), one for a Lead
 * when no Contact matched, one create for a new Lead when nobody matched and the type creates people, and one
 * create for the Task; then one outcome record. Spam is dropped before any request.
 *
 * <p>Fair to the baseline on purpose: one query per object covers email and phone at once, it looks no agent up
 * (the service resolves the Task's owner), and it commits offsets automatically rather than after each outcome.
 * Like the service, it runs one Kafka consumer.
 */
final class PerEventPipeline extends RouteBuilder {

    private final Map<String, String> settings;
    private final PerEventSteps steps = new PerEventSteps();

    private PerEventPipeline(Map<String, String> settings) {
        this.settings = settings;
    }

    /** Starts the pipeline with {@code --key=value} settings: bootstrap, topics, group, salesforce.*. */
    static CamelContext start(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        CamelContext context = new DefaultCamelContext();
        KafkaComponent kafka = new KafkaComponent(context);
        kafka.getConfiguration().setBrokers(settings.get("bootstrap"));
        context.addComponent("kafka", kafka);
        context.addComponent("salesforce", salesforce(settings));
        context.addRoutes(new PerEventPipeline(settings));
        context.start();
        return context;
    }

    private static SalesforceComponent salesforce(Map<String, String> settings) {
        SalesforceComponent component = new SalesforceComponent();
        component.setLoginUrl(settings.get("salesforce.login-url"));
        component.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        component.setClientId(settings.get("salesforce.client-id"));
        component.setClientSecret(settings.get("salesforce.client-secret"));
        component.setUserName(settings.get("salesforce.user-name"));
        component.setPassword(settings.get("salesforce.password"));
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        component.setConfig(config);
        return component;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true)
                .process(steps::failed)
                .to("direct:outcome");

        // three consumer threads, one per partition, as the service ships (switchboard.kafka.consumers)
        from("kafka:" + settings.get("inputs") + "?groupId=" + settings.get("group")
                + "&autoOffsetReset=earliest&maxPollRecords=50&consumersCount=3")
                .routeId("per-event")
                .process(steps::read)
                .choice()
                    .when(steps::isSpam).process(steps::skipped)
                    .otherwise().to("direct:deliver-one")
                .end()
                .to("direct:outcome");

        from("direct:deliver-one").routeId("per-event-deliver")
                .filter(steps::shouldQueryContact)
                    .process(steps::contactQuery)
                    .to("salesforce:query?rawPayload=true")
                    .process(steps::readMatch)
                .end()
                .filter(steps::shouldQueryLead)
                    .process(steps::leadQuery)
                    .to("salesforce:query?rawPayload=true")
                    .process(steps::readMatch)
                .end()
                .filter(steps::shouldCreateLead)
                    .process(steps::newLead)
                    .to("salesforce:createSObject?sObjectName=Lead&rawPayload=true")
                    .process(steps::readCreatedLead)
                .end()
                .process(steps::newTask)
                .to("salesforce:createSObject?sObjectName=Task&rawPayload=true")
                .process(steps::delivered);

        from("direct:outcome").routeId("per-event-outcome")
                .to("kafka:" + settings.get("outcomes"));
    }
}
