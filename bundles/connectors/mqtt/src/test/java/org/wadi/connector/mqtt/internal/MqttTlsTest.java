package org.wadi.connector.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.connector.mqtt.internal.MqttTesting.options;
import static org.wadi.connector.mqtt.internal.MqttTesting.table;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;

/**
 * TLS options against a Mosquitto of its own with a TLS listener that requires client
 * certificates, its CA and certificates made by {@code openssl} for the test.
 */
class MqttTlsTest {

    private static Path dir;
    private static Process broker;
    private static String url;

    @BeforeAll
    static void startTlsBroker(@TempDir Path tmp) throws Exception {
        dir = tmp;
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
                "-subj", "/CN=wadi-test-ca");
        for (String name : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                    "/CN=" + (name.equals("server") ? "127.0.0.1" : "wadi-client"));
            Files.writeString(dir.resolve(name + ".ext"), name.equals("server") ? "subjectAltName=IP:127.0.0.1\n"
                    : "extendedKeyUsage=clientAuth\n");
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                    name + ".pem", "-days", "1", "-extfile", name + ".ext");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = MqttConnectorTest.startBroker(dir, port, "cafile " + dir.resolve("ca.pem") + "\ncertfile "
                + dir.resolve("server.pem") + "\nkeyfile " + dir.resolve("server.key")
                + "\nrequire_certificate true\nallow_anonymous true\n");
        url = "mqtts://127.0.0.1:" + port;
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args) + ": " + out);
    }

    @AfterAll
    static void stopTlsBroker() throws Exception {
        if (broker != null) {
            broker.destroy();
            broker.waitFor();
        }
    }

    @Test
    void clientCertificatesFromFilesAndACaGivenAsText() throws Exception {
        String ca = Files.readString(dir.resolve("ca.pem"));
        String[] tls = {"url", url, "tls.ca", ca, "tls.cert", dir.resolve("client.pem").toString(), "tls.key",
                dir.resolve("client.key").toString()};
        List<String> source = new java.util.ArrayList<>(List.of("type", "source", "topic", "secure/t", "qos", "1"));
        source.addAll(List.of(tls));
        Source s = MqttTesting.open(table(options(source.toArray(String[]::new))), 0, 1);
        try {
            List<String> sink = new java.util.ArrayList<>(List.of("type", "sink", "topic", "secure/t", "qos", "1"));
            sink.addAll(List.of(tls));
            MqttTesting.writeRows(table(options(sink.toArray(String[]::new))), 0, 20, 0);
            MqttTesting.Rows out = new MqttTesting.Rows();
            MqttTesting.pollUntil(s, out, 20, 10_000);
            assertEquals(java.util.stream.LongStream.range(0, 20).boxed().toList(), out.ids);
        } finally {
            s.close();
        }
    }

    @Test
    void anUntrustedBrokerOrAMissingClientCertificateIsRefused() throws Exception {
        ConnectorException untrusted = assertThrows(ConnectorException.class, () -> MqttTesting.writeRows(
                table(options("type", "sink", "topic", "secure/t", "url", url)), 0, 1, 0));
        assertTrue(untrusted.getMessage().contains("cannot connect to the broker at " + url), untrusted.getMessage());
        ConnectorException noCert = assertThrows(ConnectorException.class, () -> MqttTesting.writeRows(
                table(options("type", "sink", "topic", "secure/t", "url", url, "tls.ca",
                        dir.resolve("ca.pem").toString())), 0, 1, 0));
        assertTrue(noCert.getMessage().contains("cannot connect to the broker at " + url), noCert.getMessage());
        ConnectorException notAKey = assertThrows(ConnectorException.class, () -> MqttTesting.writeRows(
                table(options("type", "sink", "topic", "secure/t", "url", url, "tls.ca", dir.resolve("ca.pem").toString(),
                        "tls.cert", dir.resolve("client.pem").toString(), "tls.key", dir.resolve("client.pem").toString())),
                0, 1, 0));
        assertTrue(notAKey.getMessage().contains("holds no PKCS#8 private key"), notAKey.getMessage());
    }
}
