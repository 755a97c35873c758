package io.switchboard.salesforce;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Whether a request that got no answer failed because Salesforce or the network is unavailable. Only evidence
 * counts: a refused or reset connection, a timeout, a closed channel, a name that does not resolve. Anything else
 * (a URL or a header too long for the HTTP client, a body it cannot send) is a defect of that request, which no
 * retry will mend: it is reported as {@link #REQUEST_NOT_SENT} and dead-letters the events that made it.
 */
final class FailureEvidence {

    static final String CONNECTION_FAILED = "CONNECTION_FAILED";
    static final String REQUEST_NOT_SENT = "REQUEST_NOT_SENT";

    private FailureEvidence() {
    }

    static boolean saysUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof TimeoutException || t instanceof EOFException
                    || t instanceof ClosedChannelException || t instanceof SSLException) {
                return true;
            }
            if (t instanceof IOException && mentionsTheNetwork(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsTheNetwork(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("connection reset") || m.contains("connection refused") || m.contains("broken pipe")
                || m.contains("timed out") || m.contains("timeout") || m.contains("connection closed")
                || m.contains("connection abort");
    }

    /** The innermost message, which names what the HTTP client refused. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }
}
