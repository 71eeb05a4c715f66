package org.wadi.connector.mqtt.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.wadi.spi.connector.ConnectorException;

/**
 * Opens MQTT 5 connections for a table, failing fast and clearly: {@value #CONNECT_SECONDS} s to
 * connect, refused credentials reported as such, no automatic reconnection (a lost connection
 * fails the source or sink, and the job restarts from its last checkpoint). Client ids are
 * {@code client_prefix}, the subtask and a random suffix, unique per connection as brokers
 * require. Messages are kept in memory only.
 */
final class MqttClients {

    static final int CONNECT_SECONDS = 5;
    /** How long a subscription, a publication's confirmation or a disconnection may take. */
    static final long WAIT_MILLIS = 30_000;
    /** The receive maximum a source states: MQTT 5's largest. */
    static final int RECEIVE_MAXIMUM = 65_535;
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private MqttClients() {
    }

    /**
     * A connected client with {@code callback} set before it connects.
     *
     * @return the client; the connection's properties (the broker's limits) are in {@code connected}
     * @throws ConnectorException naming the broker and what went wrong
     */
    static Connected connect(MqttConfig config, String table, int subtask, MqttCallback callback)
            throws ConnectorException {
        String clientId = config.clientPrefix() + "_" + subtask + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(CONNECT_SECONDS);
        options.setKeepAliveInterval(10);
        options.setMaximumPacketSize(config.maxPacketSize());
        if (config.source()) {
            // how many QoS 1 and 2 messages the broker may send before we acknowledge them: a client
            // that states none gets Mosquitto's max_inflight_messages (20), and a subscriber held to
            // 20 acknowledgements per round trip falls behind a fast publisher until the broker's
            // queue (max_queued_messages, 1000) overflows and it drops messages
            options.setReceiveMaximum(RECEIVE_MAXIMUM);
        }
        if (config.username() != null) {
            options.setUserName(config.username());
            if (config.password() != null) {
                options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
            }
        }
        if (config.tls()) {
            options.setSocketFactory(sslContext(config, table).getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(true);
        }
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(config.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new ConnectorException("mqtt table '" + table + "': cannot create a client for " + config.shownUrl()
                    + ": " + e.getMessage(), e);
        }
        client.setCallback(callback);
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion((CONNECT_SECONDS + 1) * 1000L);
            return new Connected(client, token);
        } catch (MqttException e) {
            close(client);
            int code = e.getReasonCode();
            if (code == 4 || code == 5 || code == 0x86 || code == 0x87) {
                throw new ConnectorException("mqtt table '" + table + "': the broker at " + config.shownUrl()
                        + " refused the credentials" + (config.username() == null ? " (none were given; set"
                        + " 'username' and 'password')" : " of user '" + config.username() + "'") + ": "
                        + e.getMessage() + " (reason code " + code + ")", e);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConnectorException("mqtt table '" + table + "': cannot connect to the broker at "
                    + config.shownUrl() + ": " + e.getMessage()
                    + (cause != e ? " (" + cause + ")" : ""), e);
        }
    }

    /** A connected client and the token of its connection (whose response carries the broker's limits). */
    record Connected(MqttAsyncClient client, IMqttToken connection) {

        /** The broker's limit on unacknowledged QoS 1 and 2 publications from us (65535 when it sets none). */
        int receiveMaximum() {
            Integer max = connection.getResponseProperties() == null ? null
                    : connection.getResponseProperties().getReceiveMaximum();
            return max == null || max <= 0 ? 65_535 : max;
        }
    }

    /** Disconnects and closes, ignoring failures (the task is ending). */
    static void close(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                // everything to send was confirmed by the sink before; nothing needs a quiet period
                client.disconnect(100).waitForCompletion(WAIT_MILLIS);
            }
        } catch (MqttException e) {
            // closing below releases the socket anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing more to release
        }
    }

    /** TLS trusting {@code tls.ca} (or the JDK's certificates), presenting {@code tls.cert} and {@code tls.key} if given. */
    static SSLContext sslContext(MqttConfig config, String table) throws ConnectorException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (config.tlsCa() != null) {
                KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
                cas.load(null, null);
                int i = 0;
                for (Certificate c : certificates(pem(config.tlsCa(), MqttConfig.TLS_CA, table), MqttConfig.TLS_CA,
                        table)) {
                    cas.setCertificateEntry("ca" + i++, c);
                }
                trust.init(cas);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (config.tlsCert() != null) {
                char[] none = new char[0];
                KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
                own.load(null, null);
                Collection<Certificate> chain = certificates(pem(config.tlsCert(), MqttConfig.TLS_CERT, table),
                        MqttConfig.TLS_CERT, table);
                own.setKeyEntry("client", privateKey(pem(config.tlsKey(), MqttConfig.TLS_KEY, table), table), none,
                        chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConnectorException("mqtt table '" + table + "': cannot set up TLS for " + config.shownUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The PEM text of an option: the file it names, or the text itself (as Arroyo takes both). */
    private static String pem(String value, String option, String table) throws ConnectorException {
        if (value.contains("-----BEGIN")) {
            return value;
        }
        try {
            return Files.readString(Path.of(value), StandardCharsets.US_ASCII);
        } catch (IOException | InvalidPathException e) {
            throw new ConnectorException("mqtt table '" + table + "': option '" + option + "' names file '" + value
                    + "', which cannot be read: " + e.getMessage(), e);
        }
    }

    private static Collection<Certificate> certificates(String pem, String option, String table)
            throws GeneralSecurityException, ConnectorException {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new ConnectorException("mqtt table '" + table + "': option '" + option
                    + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return new ArrayList<>(certs);
    }

    private static PrivateKey privateKey(String pem, String table) throws ConnectorException {
        List<String> seen = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            seen.add(m.group(1));
            if (m.group(1).equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException e) {
                        // try the next algorithm
                    }
                }
            }
        }
        throw new ConnectorException("mqtt table '" + table + "': option '" + MqttConfig.TLS_KEY + "' holds no"
                + " PKCS#8 private key (-----BEGIN PRIVATE KEY-----, RSA, EC or Ed25519)"
                + (seen.isEmpty() ? "" : "; found " + seen + " (convert with openssl pkcs8 -topk8 -nocrypt)"));
    }
}
