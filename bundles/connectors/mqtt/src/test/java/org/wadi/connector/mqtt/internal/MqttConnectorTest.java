package org.wadi.connector.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.mqtt.internal.MqttTesting.options;
import static org.wadi.connector.mqtt.internal.MqttTesting.table;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * Table options, metadata columns, connection tests and connection failures: bad options name the
 * key and the valid choices; a broker that is down or refuses the credentials fails fast and says
 * so. The credential cases run against a second Mosquitto this test starts with a password file.
 */
class MqttConnectorTest {

    private static Process securedBroker;
    private static int securedPort;

    @BeforeAll
    static void startSecuredBroker(@TempDir Path dir) throws Exception {
        securedPort = freePort();
        Path passwords = dir.resolve("passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", passwords.toString(), "wadi", "s3cret")
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        securedBroker = startBroker(dir, securedPort, "allow_anonymous false\npassword_file " + passwords + "\n");
    }

    /** Starts a Mosquitto of its own on {@code port}, waiting until it accepts connections. */
    static Process startBroker(Path dir, int port, String config) throws Exception {
        Path conf = dir.resolve("mosquitto-" + port + ".conf");
        Path log = dir.resolve("mosquitto-" + port + ".log");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + config + "persistence false\nuser "
                + System.getProperty("user.name") + "\n");
        Process broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return broker;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !broker.isAlive()) {
                    broker.destroy();
                    throw new IllegalStateException("mosquitto did not start: " + Files.readString(log));
                }
                Thread.onSpinWait();
            }
        }
    }

    @AfterAll
    static void stopSecuredBroker() throws Exception {
        if (securedBroker != null) {
            securedBroker.destroy();
            securedBroker.waitFor();
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
    void resolvesWithArroyosDefaults() throws Exception {
        ConnectorTable sink = table(options("type", "sink", "topic", "a/b", "url", "mqtt://broker"));
        assertEquals("mqtt://broker", sink.option("url"));
        assertEquals("AtMostOnce", sink.option("qos"));
        assertEquals("false", sink.option("sink.retain"));
        assertEquals("10240", sink.option("max_packet_size"));
        assertEquals("wadi-mqtt", sink.option("client_prefix"));
        MqttConfig config = MqttConfig.of(sink.options());
        assertEquals("tcp://broker:1883", config.url());
        MqttConfig tls = MqttConfig.of(table(options("type", "source", "topic", "a/#", "url", "mqtts://broker",
                "qos", "2", "bad_data", "drop")).options());
        assertEquals("ssl://broker:8883", tls.url());
        assertEquals(2, tls.qos());
    }

    @Test
    void badOptionsNameTheKeyAndTheChoices() {
        assertTrue(rejected(options("type", "sink", "topic", "t", "retain", "true")).getMessage()
                .contains("Unsupported: retain. Supported:"));
        assertTrue(rejected(options("type", "sink")).getMessage().contains("'topic'"));
        assertTrue(rejected(options("topic", "t")).getMessage().contains("'type'"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "qos", "3")).getMessage()
                .contains("AtMostOnce, AtLeastOnce, ExactlyOnce"));
        assertTrue(rejected(options("type", "sink", "topic", "a/+")).getMessage().contains("without wildcards"));
        assertTrue(rejected(options("type", "source", "topic", "a/#/b")).getMessage().contains("'#'"));
        assertTrue(rejected(options("type", "source", "topic", "t", "sink.retain", "true")).getMessage()
                .contains("is for sinks"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "sink.retain", "yes")).getMessage()
                .contains("true or false"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "url", "http://broker")).getMessage()
                .contains("tcp://host:1883"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "url", "tcp://u:p@broker")).getMessage()
                .contains("credentials inside the address"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "tls.ca", "/ca.pem")).getMessage()
                .contains("needs a TLS url"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "url", "ssl://b", "tls.cert", "/c.pem"))
                .getMessage().contains("go together"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "max_packet_size", "10")).getMessage()
                .contains("'max_packet_size'"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "password", "p")).getMessage()
                .contains("needs 'username'"));
        assertTrue(rejected(options("type", "sink", "topic", "t", "format", "protobuf")).getMessage()
                .contains("Supported formats"));
    }

    @Test
    void metadataKeysAreChecked() {
        Schema schema = Schema.of(Field.of("id", DataType.INT64), Field.of("src", DataType.UTF8),
                Field.of("n", DataType.INT32));
        Map<String, String> source = options("type", "source", "topic", "a/#");
        ConnectorException unknown = assertThrows(ConnectorException.class,
                () -> table(schema, source, Map.of("src", "partition")));
        assertTrue(unknown.getMessage().contains("does not have; its keys: topic"), unknown.getMessage());
        ConnectorException type = assertThrows(ConnectorException.class,
                () -> table(schema, source, Map.of("n", "topic")));
        assertTrue(type.getMessage().contains("must be TEXT"), type.getMessage());
        ConnectorException sink = assertThrows(ConnectorException.class,
                () -> table(schema, options("type", "sink", "topic", "a"), Map.of("src", "topic")));
        assertTrue(sink.getMessage().contains("sources only"), sink.getMessage());
    }

    @Test
    void aBrokerThatIsDownFailsFastAndSaysWhere() throws Exception {
        int port = freePort();
        ConnectorTable t = table(options("type", "source", "topic", "t", "url", "tcp://127.0.0.1:" + port));
        Source s = new MqttConnector().createSource(t);
        long start = System.nanoTime();
        ConnectorException e = assertThrows(ConnectorException.class, () -> s.open(
                new ConnectorHarness.SourceCtx(ConnectorHarness.Task.of(0, 1), null, null)));
        s.close();
        assertTrue(e.getMessage().contains("cannot connect to the broker at tcp://127.0.0.1:" + port), e.getMessage());
        assertTrue(System.nanoTime() - start < 15_000_000_000L, "no hang");
        assertFalse(new MqttConnector().test(Map.of("url", "tcp://127.0.0.1:" + port), Map.of()).ok());
    }

    @Test
    void aBrokerThatGoesAwayFailsTheSourceAndTheSink(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process broker = startBroker(dir, port, "allow_anonymous true\n");
        String url = "tcp://127.0.0.1:" + port;
        Source source = MqttTesting.open(table(options("type", "source", "topic", "t", "url", url)), 0, 1);
        org.wadi.spi.connector.Sink sink = new MqttConnector().createSink(table(options("type", "sink", "topic", "t",
                "url", url, "qos", "1")));
        try {
            sink.open(new ConnectorHarness.SinkCtx(ConnectorHarness.Task.of(0, 1), null), null);
            broker.destroy();
            broker.waitFor();
            ConnectorException lost = assertThrows(ConnectorException.class,
                    () -> MqttTesting.pollUntil(source, new MqttTesting.Rows(), 1, 15_000));
            assertTrue(lost.getMessage().contains("lost the connection to the broker at " + url), lost.getMessage());
            ConnectorException write = assertThrows(ConnectorException.class, () -> {
                sink.write(new Object[] {1L, "a", 0L});
                sink.preCommit(1);
            });
            assertTrue(write.getMessage().contains("publishing to 't' at " + url), write.getMessage());
        } finally {
            source.close();
            sink.close();
            broker.destroy();
        }
    }

    @Test
    void credentialsAreUsedAndARefusalIsReported() throws Exception {
        String url = "tcp://127.0.0.1:" + securedPort;
        ConnectorException none = assertThrows(ConnectorException.class,
                () -> MqttTesting.writeRows(table(options("type", "sink", "topic", "t", "url", url)), 0, 1, 0));
        assertTrue(none.getMessage().contains("refused the credentials (none were given"), none.getMessage());
        ConnectorException wrong = assertThrows(ConnectorException.class,
                () -> MqttTesting.writeRows(table(options("type", "sink", "topic", "t", "url", url, "username", "wadi",
                        "password", "nope")), 0, 1, 0));
        assertTrue(wrong.getMessage().contains("refused the credentials of user 'wadi'"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("nope"), "the password is never shown");
        MqttTesting.writeRows(table(options("type", "sink", "topic", "t", "url", url, "username", "wadi", "password",
                "s3cret", "qos", "1")), 0, 10, 0);
        TestResult ok = new MqttConnector().test(Map.of("url", url, "username", "wadi", "password", "s3cret"), Map.of());
        assertTrue(ok.ok(), ok.message());
    }

    @Test
    void tlsFilesThatCannotBeReadAreNamed() throws Exception {
        ConnectorTable t = table(options("type", "sink", "topic", "t", "url", "mqtts://127.0.0.1:1",
                "tls.ca", "/nonexistent/ca.pem"));
        ConnectorException e = assertThrows(ConnectorException.class, () -> MqttTesting.writeRows(t, 0, 1, 0));
        assertTrue(e.getMessage().contains("option 'tls.ca' names file '/nonexistent/ca.pem'"), e.getMessage());
    }
}
