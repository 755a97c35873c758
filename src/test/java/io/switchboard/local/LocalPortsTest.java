package io.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void aTakenPortIsNamedWithTheSettingThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(new LocalPorts().need(port, "the Kafka broker's (LOCAL_KAFKA_PORT)").firstTaken())
                    .hasValueSatisfying(m -> assertThat(m).contains("Port " + port + " is already in use")
                            .contains("LOCAL_KAFKA_PORT"));
        }
    }

    @Test
    void freePortsSayNothing() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThat(new LocalPorts().need(port, "anything").firstTaken()).isEmpty();
    }
}
