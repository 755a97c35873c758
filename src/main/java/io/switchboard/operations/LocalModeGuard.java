package io.switchboard.operations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.core.env.Environment;

/**
 * {@code switchboard.management.open} opens the console, Hawtio and Jolokia to whoever reaches the port, with no
 * login: allowed only while the server listens on a loopback address ({@code server.address}, e.g. 127.0.0.1), so
 * that nobody else on the network reaches it. Unset, the server listens on every interface, and the start is refused.
 */
final class LocalModeGuard {

    private LocalModeGuard() {
    }

    static void requireLoopback(Environment environment) {
        String address = environment.getProperty("server.address");
        if (!isLoopback(address)) {
            throw new SecuritySettingsException("switchboard.management.open=true opens the console without a login, "
                    + "so it needs server.address on loopback (127.0.0.1 or ::1); server.address is "
                    + (address == null || address.isBlank() ? "unset (every interface)" : "'" + address + "'"));
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(address.trim());
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
