package org.wadi.connector.nats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.nats.internal.NatsTesting.options;
import static org.wadi.connector.nats.internal.NatsTesting.table;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.formats.testing.ConnectorHarness;

/**
 * Table options, connection tests and connection failures: bad options name the key and the
 * valid choices; a server that is down or refuses the credentials fails fast and says so. The
 * credential cases run against a second NATS server this test starts with a user and password.
 */
class NatsConnectorTest {

    private static Process securedServer;
    private static int securedPort;

    @BeforeAll
    static void startSecuredServer(@TempDir Path dir) throws Exception {
        securedPort = freePort();
        securedServer = new ProcessBuilder("/usr/sbin/nats-server", "-a", "127.0.0.1", "-p", Integer.toString(securedPort),
                "--user", "wadi", "--pass", "s3cret").redirectErrorStream(true)
                .redirectOutput(dir.resolve("nats.log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", securedPort)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !securedServer.isAlive()) {
                    throw new IllegalStateException("nats-server with credentials did not start: "
                            + Files.readString(dir.resolve("nats.log")));
                }
                Thread.onSpinWait();
            }
        }
    }

    @AfterAll
    static void stopSecuredServer() throws Exception {
        if (securedServer != null) {
            securedServer.destroy();
            securedServer.waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ConnectorException rejected(Map<String, String> options) {
        return assertThrows(ConnectorException.class, () -> table(options));
    }

    @Test
    void resolvesAJetStreamSourceWithArroyosDefaults() throws Exception {
        ConnectorTable t = table(options("type", "source", "stream", "orders", "consumer.max_batch", "100",
                "consumer.ack_policy", "all"));
        assertEquals(java.util.Set.of(TableRole.SOURCE), t.roles());
        assertFalse(t.bounded());
        assertEquals("nats://127.0.0.1:4222", t.option("servers"));
        assertEquals("All", t.option("consumer.ack_policy"));
        assertEquals("Instant", t.option("consumer.replay_policy"));
        assertEquals("30", t.option("consumer.ack_wait"));
        assertEquals("600", t.option("consumer.inactive_threshold"));
        assertEquals("100", t.option("consumer.max_batch"));
        assertEquals("fail", t.option("bad_data"));
        // what the workers read back is what was resolved
        NatsConfig config = NatsConfig.of(t.options());
        assertEquals("orders", config.stream());
        assertEquals(100, config.consumer().limit(ConsumerSettings.MAX_BATCH));
    }

    @Test
    void badOptionsNameTheKeyAndTheChoices() {
        assertTrue(rejected(options("type", "source", "stream", "s", "subjekt", "x")).getMessage()
                .contains("Unsupported: subjekt. Supported:"));
        assertTrue(rejected(options("type", "source")).getMessage().contains("'stream'"));
        assertTrue(rejected(options("type", "source", "stream", "s", "subject", "x")).getMessage()
                .contains("exclude each other"));
        assertTrue(rejected(options("type", "sink")).getMessage().contains("'subject'"));
        assertTrue(rejected(options("type", "sink", "subject", "a.*")).getMessage().contains("without wildcards"));
        assertTrue(rejected(options("type", "sink", "subject", "x", "stream", "s")).getMessage()
                .contains("'stream' of connector 'nats' is for sources"));
        assertTrue(rejected(options("type", "source", "subject", "x", "consumer.max_batch", "5")).getMessage()
                .contains("'consumer.max_batch'"));
        assertTrue(rejected(options("type", "source", "stream", "s", "consumer.ack_policy", "Sometimes")).getMessage()
                .contains("expected one of Explicit, None, All"));
        assertTrue(rejected(options("type", "source", "stream", "s", "consumer.ack_wait", "soon")).getMessage()
                .contains("'consumer.ack_wait'"));
        assertTrue(rejected(options("type", "source", "stream", "s", "consumer.rate_limit", "100")).getMessage()
                .contains("pull consumer"));
        assertTrue(rejected(options("type", "source", "stream", "a.b")).getMessage().contains("stream name"));
        assertTrue(rejected(options("type", "bidirectional", "subject", "x")).getMessage()
                .contains("expected one of source, sink"));
        assertTrue(rejected(options("type", "sink", "subject", "x", "format", "avro")).getMessage()
                .contains("Supported formats: json, debezium_json"));
        assertTrue(rejected(options("type", "sink", "subject", "x", "auth.username", "u")).getMessage()
                .contains("auth.type = 'credentials'"));
        assertTrue(rejected(options("type", "sink", "subject", "x", "auth.type", "credentials", "auth.username", "u"))
                .getMessage().contains("'auth.password'"));
        Map<String, String> noServers = options("type", "sink", "subject", "x");
        noServers.remove("servers");
        assertTrue(rejected(noServers).getMessage().contains("'servers'"));
        assertTrue(rejected(options("type", "sink", "subject", "x", "servers", "nats://u:p@host:4222")).getMessage()
                .contains("credentials inside a server address"));
    }

    @Test
    void serversMayOmitTheScheme() throws Exception {
        ConnectorTable t = table(options("type", "sink", "subject", "x", "servers", "nats-1:4222, nats-2"));
        assertEquals("nats://nats-1:4222,nats://nats-2:4222", t.option("servers"));
    }

    @Test
    void metadataColumnsAndMissingColumnsAreRefused() {
        ConnectorException meta = assertThrows(ConnectorException.class, () -> new NatsConnector().table(
                new TableRequest("t", NatsTesting.SCHEMA, new Options("nats", options("type", "source", "subject", "x")),
                        null, List.of(), Map.of("name", "subject"))));
        assertTrue(meta.getMessage().contains("no metadata keys"), meta.getMessage());
        ConnectorException noColumns = assertThrows(ConnectorException.class, () -> new NatsConnector().table(
                ConnectorHarness.request("nats", options("type", "source", "subject", "x"))));
        assertTrue(noColumns.getMessage().contains("needs its columns declared"), noColumns.getMessage());
    }

    @Test
    void aServerThatIsDownFailsFastAndSaysWhere() throws Exception {
        int port = freePort();
        ConnectorTable t = table(options("type", "sink", "subject", "x", "servers", "127.0.0.1:" + port));
        Sink sink = new NatsConnector().createSink(t);
        long start = System.nanoTime();
        ConnectorException e = assertThrows(ConnectorException.class, () -> sink.open(
                new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null));
        sink.close();
        assertTrue(e.getMessage().contains("cannot connect to NATS at nats://127.0.0.1:" + port), e.getMessage());
        assertTrue(System.nanoTime() - start < 15_000_000_000L, "no hang");
        TestResult r = new NatsConnector().test(Map.of("servers", "127.0.0.1:" + port), Map.of());
        assertFalse(r.ok());
    }

    @Test
    void credentialsAreUsedAndARefusalIsReported() throws Exception {
        String servers = "127.0.0.1:" + securedPort;
        ConnectorException none = assertThrows(ConnectorException.class, () -> openSink(servers));
        assertTrue(none.getMessage().contains("refused the credentials"), none.getMessage());
        ConnectorException wrong = assertThrows(ConnectorException.class,
                () -> openSink(servers, "auth.type", "credentials", "auth.username", "wadi", "auth.password", "nope"));
        assertTrue(wrong.getMessage().contains("refused the credentials of user 'wadi'"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("nope"), "the password is never shown");
        openSink(servers, "auth.type", "credentials", "auth.username", "wadi", "auth.password", "s3cret");
        TestResult ok = new NatsConnector().test(Map.of("servers", servers, "auth.type", "credentials",
                "auth.username", "wadi", "auth.password", "s3cret"), Map.of());
        assertTrue(ok.ok(), ok.message());
    }

    private static void openSink(String servers, String... auth) throws Exception {
        Map<String, String> o = options("type", "sink", "subject", "x", "servers", servers);
        for (int i = 0; i < auth.length; i += 2) {
            o.put(auth[i], auth[i + 1]);
        }
        Sink sink = new NatsConnector().createSink(table(o));
        try {
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
            sink.write(new Object[] {1L, "a", 0L});
            sink.finish();
        } finally {
            sink.close();
        }
    }

    @Test
    void theConnectionTestChecksTheStream() throws Exception {
        TestResult missing = new NatsConnector().test(Map.of("servers", NatsTesting.SERVER),
                Map.of("stream", NatsTesting.unique("missing")));
        assertFalse(missing.ok());
        assertTrue(missing.message().contains("cannot be read"), missing.message());
        TestResult server = new NatsConnector().test(Map.of("servers", NatsTesting.SERVER), Map.of());
        assertTrue(server.ok(), server.message());
    }
}
