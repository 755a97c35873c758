package io.switchboard.emulator.pubsub;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Checks the authentication metadata of every call as the Pub/Sub API requires it: {@code accesstoken} (a valid
 * session of this org), {@code instanceurl} (this org's instance URL) and {@code tenantid} (this org's id, the
 * 18-character form or its 15-character prefix). Anything missing or wrong: UNAUTHENTICATED with the documented
 * error code {@code sfdc.platform.eventbus.grpc.service.auth.error}, before the method runs. Salesforce does not
 * document which of the three it checks; the emulator checks all three (the stricter).
 */
final class SessionCheck implements ServerInterceptor {

    static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> INSTANCE_URL = Metadata.Key.of("instanceurl", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TENANT_ID = Metadata.Key.of("tenantid", Metadata.ASCII_STRING_MARSHALLER);
    /** The call's access token, for checking it again on each FetchRequest of a long-lived stream. */
    static final Context.Key<String> TOKEN = Context.key("pubsub-access-token");

    private final Predicate<String> validSession;
    private final String instanceUrl;
    private final String orgId;

    SessionCheck(Predicate<String> validSession, String instanceUrl, String orgId) {
        this.validSession = validSession;
        this.instanceUrl = trimmed(instanceUrl);
        this.orgId = orgId;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        StatusRuntimeException refused = refusal(headers);
        if (refused != null) {
            call.close(refused.getStatus(), refused.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(TOKEN, headers.get(ACCESS_TOKEN)), call, headers, next);
    }

    /** Whether a token is (still) a valid session. */
    boolean valid(String token) {
        return token != null && validSession.test(token);
    }

    private StatusRuntimeException refusal(Metadata headers) {
        String token = headers.get(ACCESS_TOKEN);
        String url = headers.get(INSTANCE_URL);
        String tenant = headers.get(TENANT_ID);
        if (token == null || url == null || tenant == null) {
            return PubSubErrors.unauthenticated("Missing authentication metadata: accesstoken, instanceurl and "
                    + "tenantid are required.");
        }
        if (!trimmed(url).equalsIgnoreCase(instanceUrl)) {
            return PubSubErrors.unauthenticated("The instanceurl header " + url + " is not this org's instance URL.");
        }
        if (!(tenant.equals(orgId) || tenant.equals(orgId.substring(0, 15)))) {
            return PubSubErrors.unauthenticated("The tenantid header does not match the org of the session.");
        }
        if (!valid(token)) {
            return PubSubErrors.unauthenticated("The session is invalid or expired.");
        }
        return null;
    }

    private static String trimmed(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
