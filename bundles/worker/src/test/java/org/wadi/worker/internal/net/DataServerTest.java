package org.wadi.worker.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Where the data server listens, and the address it gives its peers. */
class DataServerTest {

    static int port(DataServer s) {
        String a = s.address();
        return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
    }

    @Test
    void onALoopbackAddressPeersAreToldThatAddress() throws IOException {
        try (DataServer s = DataServer.open("127.0.0.1", 1_000)) {
            assertEquals("127.0.0.1:" + port(s), s.address());
            try (Socket peer = new Socket()) {
                peer.connect(new InetSocketAddress("127.0.0.1", port(s)), 2_000);
                assertTrue(peer.isConnected());
            }
        }
    }

    @Test
    void onEveryInterfacePeersAreToldAnAddressOfThisMachineNotTheWildcard() throws IOException {
        try (DataServer s = DataServer.open("0.0.0.0", 1_000)) {
            assertFalse(s.address().startsWith("0.0.0.0:"), s.address());
            assertEquals(DataServer.machineAddress() + ":" + port(s), s.address());
            // listening on every interface, the loopback one included
            try (Socket peer = new Socket()) {
                peer.connect(new InetSocketAddress("127.0.0.1", port(s)), 2_000);
                assertTrue(peer.isConnected());
            }
        }
    }

    @Test
    void anAdvertisedHostIsWhatPeersAreTold() throws IOException {
        try (DataServer s = DataServer.open("0.0.0.0", "worker-7.example", 1_000)) {
            assertEquals("worker-7.example:" + port(s), s.address());
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesFailsNamingIt() {
        IOException e = assertThrows(IOException.class, () -> DataServer.open("192.0.2.1", 1_000).close());
        assertTrue(e.getMessage().startsWith("cannot open the data server on 192.0.2.1"), e.getMessage());
    }
}
