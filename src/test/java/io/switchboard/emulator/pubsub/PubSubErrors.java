package io.switchboard.emulator.pubsub;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.UUID;

/**
 * Errors as the Pub/Sub API reports them ("Handle Errors"): a gRPC status whose description ends with
 * {@code rpcId: <id>}, and trailers {@code error-code} (Salesforce's custom code, which clients such as Camel's
 * switch on) and {@code rpc-id}.
 */
final class PubSubErrors {

    static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> RPC_ID = Metadata.Key.of("rpc-id", Metadata.ASCII_STRING_MARSHALLER);

    /** Documented: "An authentication exception occurred. Provide valid authentication via metadata headers." */
    static final String AUTH_ERROR = "sfdc.platform.eventbus.grpc.service.auth.error";
    /** Documented: the replay id is invalid, e.g. "an old Replay ID outside the 72-hour retention period". */
    static final String REPLAY_ID_CORRUPTED = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted";
    /**
     * An unknown or not enabled topic: NOT_FOUND with "The topic information for org ... and topic ... not found"
     * as seen from real orgs; the custom code is not documented, this one is the emulator's choice.
     */
    static final String TOPIC_NOT_FOUND = "sfdc.platform.eventbus.grpc.topic.notfound";
    /** A FetchRequest Salesforce would refuse (bad num_requested, another topic); code chosen by the emulator. */
    static final String INVALID_REQUEST = "sfdc.platform.eventbus.grpc.subscription.fetch.invalid.request";
    /** A schema id the org does not know; code chosen by the emulator. */
    static final String SCHEMA_NOT_FOUND = "sfdc.platform.eventbus.grpc.schema.notfound";

    private PubSubErrors() {
    }

    static StatusRuntimeException error(Status.Code code, String errorCode, String message) {
        String rpcId = UUID.randomUUID().toString();
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE, errorCode);
        trailers.put(RPC_ID, rpcId);
        return Status.fromCode(code).withDescription(message + " rpcId: " + rpcId).asRuntimeException(trailers);
    }

    static StatusRuntimeException unauthenticated(String why) {
        return error(Status.Code.UNAUTHENTICATED, AUTH_ERROR, why);
    }
}
