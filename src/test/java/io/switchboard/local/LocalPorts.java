package io.switchboard.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ports local mode needs, checked before anything starts, so that a port already in use ends in one line that
 * names the setting to change instead of a long stack trace from whichever part tried to bind it.
 */
final class LocalPorts {

    /** Port → what uses it and the environment variable that moves it. */
    private final Map<Integer, String> needed = new LinkedHashMap<>();

    LocalPorts need(int port, String what) {
        needed.put(port, what);
        return this;
    }

    /** The message for the first port that is taken, if any. */
    Optional<String> firstTaken() {
        for (Map.Entry<Integer, String> port : needed.entrySet()) {
            if (!free(port.getKey())) {
                return Optional.of("Port " + port.getKey() + " is already in use; it is " + port.getValue()
                        + ". Stop what uses it, or choose another port.");
            }
        }
        return Optional.empty();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
