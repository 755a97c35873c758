package io.switchboard.kafka;

import java.util.Locale;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;

/** A Kafka client's failure to connect, said for the person who must fix it: what failed, which setting to check. */
final class KafkaProblems {

    private KafkaProblems() {
    }

    static String explain(Throwable failure, KafkaClients clients) {
        String where = "Kafka at " + clients.bootstrapServers();
        String protocol = String.valueOf(clients.connectionProperties().getOrDefault("security.protocol", "PLAINTEXT"));
        if (failure instanceof SaslAuthenticationException) {
            Object mechanism = clients.connectionProperties().getOrDefault(SaslConfigs.SASL_MECHANISM, "GSSAPI");
            return where + " refused the service's login (SASL " + mechanism + "): " + first(failure)
                    + " Check the user name and password in switchboard.kafka.properties.sasl.jaas.config"
                    + " and switchboard.kafka.properties.sasl.mechanism.";
        }
        if (failure instanceof SslAuthenticationException) {
            String cause = rootMessage(failure);
            String lower = cause.toLowerCase(Locale.ROOT);
            if (lower.contains("no name matching") || lower.contains("no subject alternative")) {
                return where + ": the broker's certificate does not name the host connected to (" + cause + ")."
                        + " Connect by a name the certificate holds (switchboard.kafka.bootstrap-servers).";
            }
            if (lower.contains("pkix") || lower.contains("certificate") || lower.contains("trust")) {
                return where + ": the broker's certificate is not trusted (" + cause + "). Check that"
                        + " switchboard.kafka.properties.ssl.truststore.location (or ssl.truststore.certificates) holds"
                        + " the certificate authority that signed it, and its ssl.truststore.password.";
            }
            return where + ": the TLS handshake failed (" + cause + "). Check switchboard.kafka.properties.ssl.*"
                    + " (for mutual TLS: ssl.keystore.location, ssl.keystore.password, ssl.key.password).";
        }
        if (failure instanceof AuthorizationException) {
            return where + " let the service in but refused to describe the cluster (" + first(failure) + ")."
                    + " Grant its user the ACLs docs/kafka.md lists.";
        }
        if (failure instanceof TimeoutException || failure instanceof java.util.concurrent.TimeoutException) {
            return where + " did not answer within 15 s (security.protocol " + protocol + "). Check"
                    + " switchboard.kafka.bootstrap-servers, that the brokers are reachable from here, and that"
                    + " switchboard.kafka.properties.security.protocol is the listener's (TLS spoken to a plain"
                    + " listener, or the reverse, gets no answer).";
        }
        return where + " could not be reached: " + rootMessage(failure) + ". Check switchboard.kafka.bootstrap-servers"
                + " and switchboard.kafka.properties.*.";
    }

    private static String first(Throwable t) {
        String m = String.valueOf(t.getMessage());
        return m.endsWith(".") ? m : m + ".";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof SSLException && root.getMessage() != null && root.getMessage().contains("PKIX")) {
                break;
            }
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
