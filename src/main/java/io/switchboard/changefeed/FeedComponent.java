package io.switchboard.changefeed;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceLoginConfig;
import org.springframework.stereotype.Component;

/**
 * The Salesforce component the feed subscribes with ({@code salesforce-feed:}): the service's own component, with
 * the same settings, but logging in when it starts. The service's component logs in lazily (so that the service
 * starts while Salesforce is unreachable), and the Camel Salesforce consumers refuse a lazy login; a component of
 * the feed's own, made when the feed first subscribes, keeps both. A login that fails is retried by the caller.
 */
@Component
class FeedComponent {

    static final String NAME = "salesforce-feed";

    private final CamelContext camel;

    FeedComponent(CamelContext camel) {
        this.camel = camel;
    }

    synchronized void ensure() {
        if (camel.hasComponent(NAME) != null) {
            return;
        }
        SalesforceComponent main = camel.getComponent("salesforce", SalesforceComponent.class);
        SalesforceLoginConfig from = main.getLoginConfig();
        SalesforceLoginConfig login = new SalesforceLoginConfig();
        login.setType(from.getType());
        login.setLoginUrl(from.getLoginUrl());
        login.setInstanceUrl(from.getInstanceUrl());
        login.setClientId(from.getClientId());
        login.setClientSecret(from.getClientSecret());
        login.setUserName(from.getUserName());
        login.setPassword(from.getPassword());
        login.setRefreshToken(from.getRefreshToken());
        login.setKeystore(from.getKeystore());
        login.setJwtAudience(from.getJwtAudience());
        login.setLazyLogin(false);
        SalesforceComponent feed = new SalesforceComponent();
        feed.setLoginConfig(login);
        // the copy would carry the service's HTTP client (its component keeps it in its config once started): the
        // feed's component would then put its own session on that client, and the two components' stops would
        // shut it twice (a logout on a stopped client, a stack trace at every stop). The feed gets a client of its own.
        org.apache.camel.component.salesforce.SalesforceEndpointConfig config = main.getConfig().copy();
        config.setHttpClient(null);
        feed.setConfig(config);
        feed.setPubSubHost(main.getPubSubHost());
        feed.setPubSubPort(main.getPubSubPort());
        feed.setPubsubAllowUseSystemProxy(main.isPubsubAllowUseSystemProxy());
        feed.setSslContextParameters(main.getSslContextParameters());
        feed.setUseGlobalSslContextParameters(main.isUseGlobalSslContextParameters());
        try {
            camel.addComponent(NAME, feed);
            feed.start();
        } catch (RuntimeException e) {
            camel.removeComponent(NAME);
            throw e;
        }
    }
}
