package org.wadi.connector.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of an {@code mqtt} table, named as Arroyo names them, validated and normalised:
 * {@link #read} checks what the user wrote, {@link #putInto} records it in the resolved table, and
 * {@link #of} reads it back on the workers. The password is kept (the workers need it) but never
 * shown: {@link #toString} and every message leave it out.
 *
 * @param url the broker, {@code tcp://host:port} or {@code ssl://host:port} as the client takes it
 * @param shownUrl the broker as the user wrote it, for messages
 * @param tls whether the connection uses TLS ({@code mqtts://} or {@code ssl://})
 * @param username the user, or {@code null}
 * @param password the password, or {@code null}
 * @param tlsCa the CA certificates (a PEM file or PEM text) to trust, or {@code null} for the JDK's
 * @param tlsCert the client certificate (PEM file or text), or {@code null}
 * @param tlsKey the client's PKCS#8 private key (PEM file or text), or {@code null}
 * @param clientPrefix what client ids start with
 * @param maxPacketSize the largest MQTT packet sent or accepted, in bytes
 * @param source whether the table is read ({@code type = 'source'}) rather than written
 * @param topic the topic (a sink) or topic filter (a source, wildcards {@code +} and {@code #} allowed)
 * @param qos 0, 1 or 2
 * @param retain whether a sink's messages are retained by the broker ({@code sink.retain})
 */
record MqttConfig(String url, String shownUrl, boolean tls, String username, String password, String tlsCa,
        String tlsCert, String tlsKey, String clientPrefix, long maxPacketSize, boolean source, String topic, int qos,
        boolean retain) {

    static final String URL = "url";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TLS_CA = "tls.ca";
    static final String TLS_CERT = "tls.cert";
    static final String TLS_KEY = "tls.key";
    static final String CLIENT_PREFIX = "client_prefix";
    static final String MAX_PACKET_SIZE = "max_packet_size";
    static final String TYPE = "type";
    static final String TOPIC = "topic";
    static final String QOS = "qos";
    static final String RETAIN = "sink.retain";
    /** The options saying how to connect, shared by every table of a connection. */
    static final List<String> CONNECTION_KEYS = List.of(URL, USERNAME, PASSWORD, TLS_CA, TLS_CERT, TLS_KEY,
            CLIENT_PREFIX, MAX_PACKET_SIZE);
    /** Arroyo's default client id prefix is {@code arroyo-mqtt}; ours names us. */
    static final String DEFAULT_CLIENT_PREFIX = "wadi-mqtt";
    /** Arroyo's default largest packet, 10 KiB. */
    static final long DEFAULT_MAX_PACKET_SIZE = 10_240;
    /** The largest packet MQTT can describe (256 MiB). */
    static final long MQTT_MAX_PACKET_SIZE = 268_435_455;
    private static final String[] QOS_NAMES = {"AtMostOnce", "AtLeastOnce", "ExactlyOnce"};

    @Override
    public String toString() {
        return "mqtt " + (source ? "source" : "sink") + " topic '" + topic + "' at " + shownUrl
                + (username == null ? "" : " as " + username);
    }

    /** The name of this table's QoS, as Arroyo spells it. */
    String qosName() {
        return QOS_NAMES[qos];
    }

    /** Reads and checks the options of a table definition, marking them known. */
    static MqttConfig read(Options options) throws ConnectorException {
        String connector = options.connector();
        String shown = options.required(URL).trim();
        String expected = "expected the broker's address with its protocol: tcp://host:1883 or mqtt://host:1883,"
                + " ssl://host:8883 or mqtts://host:8883 for TLS; give credentials in 'username' and 'password'";
        URI uri;
        try {
            uri = new URI(shown);
        } catch (URISyntaxException e) {
            throw new ConnectorException("Invalid value '" + shown + "' for option '" + URL + "' of connector '"
                    + connector + "': " + expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw new ConnectorException("Invalid value for option '" + URL + "' of connector '" + connector
                    + "': credentials inside the address are not accepted; " + expected);
        }
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts");
        if (!tls && !scheme.equals("tcp") && !scheme.equals("mqtt") || uri.getHost() == null) {
            throw new ConnectorException("Invalid value '" + shown + "' for option '" + URL + "' of connector '"
                    + connector + "': " + expected);
        }
        String url = (tls ? "ssl://" : "tcp://") + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort()
                : tls ? 8883 : 1883);
        String username = blankToNull(options.optional(USERNAME));
        String password = options.optional(PASSWORD).filter(s -> !s.isEmpty()).orElse(null);
        if (password != null && username == null) {
            throw new ConnectorException("Option '" + PASSWORD + "' of connector '" + connector + "' needs '"
                    + USERNAME + "'");
        }
        String ca = blankToNull(options.optional(TLS_CA));
        String cert = blankToNull(options.optional(TLS_CERT));
        String key = blankToNull(options.optional(TLS_KEY));
        if (!tls && (ca != null || cert != null || key != null)) {
            throw new ConnectorException("Option '" + (ca != null ? TLS_CA : cert != null ? TLS_CERT : TLS_KEY)
                    + "' of connector '" + connector + "' needs a TLS url (ssl:// or mqtts://), not '" + shown + "'");
        }
        if ((cert == null) != (key == null)) {
            throw new ConnectorException("Options '" + TLS_CERT + "' and '" + TLS_KEY + "' of connector '" + connector
                    + "' go together: the client certificate and its private key");
        }
        String prefix = blankToNull(options.optional(CLIENT_PREFIX));
        if (prefix != null && !prefix.matches("[A-Za-z0-9_.-]+")) {
            throw new ConnectorException("Invalid value '" + prefix + "' for option '" + CLIENT_PREFIX
                    + "' of connector '" + connector + "': expected letters, digits, '_', '-' or '.'");
        }
        long maxPacket = options.longValue(MAX_PACKET_SIZE, DEFAULT_MAX_PACKET_SIZE);
        if (maxPacket < 64 || maxPacket > MQTT_MAX_PACKET_SIZE) {
            throw new ConnectorException("Invalid value '" + maxPacket + "' for option '" + MAX_PACKET_SIZE
                    + "' of connector '" + connector + "': expected a number of bytes from 64 to " + MQTT_MAX_PACKET_SIZE);
        }
        String type = options.choice(TYPE, null, "source", "sink");
        if (type == null) {
            throw new ConnectorException("Missing required option 'type' for connector '" + connector
                    + "': 'source' or 'sink'");
        }
        boolean source = type.equals("source");
        String topic = options.required(TOPIC).trim();
        checkTopic(connector, topic, source);
        int qos = qos(connector, options.optional(QOS));
        boolean retain = options.booleanValue(RETAIN, false);
        if (source && options.asMap().containsKey(RETAIN)) {
            throw new ConnectorException("Option '" + RETAIN + "' of connector '" + connector + "' is for sinks"
                    + " (type = 'sink')");
        }
        return new MqttConfig(url, shown, tls, username, password, ca, cert, key,
                prefix == null ? DEFAULT_CLIENT_PREFIX : prefix, maxPacket, source, topic, qos, retain);
    }

    /** Writes the options, normalised, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        options.put(URL, shownUrl);
        putIfSet(options, USERNAME, username);
        putIfSet(options, PASSWORD, password);
        putIfSet(options, TLS_CA, tlsCa);
        putIfSet(options, TLS_CERT, tlsCert);
        putIfSet(options, TLS_KEY, tlsKey);
        options.put(CLIENT_PREFIX, clientPrefix);
        options.put(MAX_PACKET_SIZE, Long.toString(maxPacketSize));
        options.put(TYPE, source ? "source" : "sink");
        options.put(TOPIC, topic);
        options.put(QOS, qosName());
        if (!source) {
            options.put(RETAIN, Boolean.toString(retain));
        }
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static MqttConfig of(Map<String, String> tableOptions) throws ConnectorException {
        Map<String, String> copy = new LinkedHashMap<>(tableOptions);
        copy.keySet().removeIf(k -> k.equals("format") || k.startsWith("json.") || k.equals("bad_data")
                || k.startsWith(MqttConnector.METADATA_PREFIX));
        return read(new Options("mqtt", copy));
    }

    /** {@code 0}, {@code 1}, {@code 2} or Arroyo's names {@code AtMostOnce} (the default), {@code AtLeastOnce}, {@code ExactlyOnce}. */
    private static int qos(String connector, Optional<String> value) throws ConnectorException {
        if (value.isEmpty()) {
            return 0;
        }
        String v = value.get().trim();
        for (int i = 0; i < QOS_NAMES.length; i++) {
            if (v.equalsIgnoreCase(QOS_NAMES[i]) || v.equals(Integer.toString(i))) {
                return i;
            }
        }
        throw new ConnectorException("Invalid value '" + v + "' for option '" + QOS + "' of connector '" + connector
                + "': expected one of AtMostOnce, AtLeastOnce, ExactlyOnce (or 0, 1, 2)");
    }

    private static void checkTopic(String connector, String topic, boolean source) throws ConnectorException {
        String bad = null;
        if (topic.isEmpty()) {
            bad = "it is empty";
        } else if (topic.indexOf('\u0000') >= 0) {
            bad = "it contains a NUL character";
        } else {
            String[] levels = topic.split("/", -1);
            for (int i = 0; i < levels.length; i++) {
                String l = levels[i];
                boolean wildcard = l.equals("+") || l.equals("#") && i == levels.length - 1;
                if (!wildcard && (l.contains("+") || l.contains("#"))) {
                    bad = "'+' must fill a whole level and '#' must be the whole last level";
                } else if (wildcard && !source) {
                    bad = "a sink publishes to one topic, without wildcards";
                }
            }
        }
        if (bad != null) {
            throw new ConnectorException("Invalid value '" + topic + "' for option '" + TOPIC + "' of connector '"
                    + connector + "': " + bad);
        }
    }

    private static void putIfSet(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }

    private static String blankToNull(Optional<String> v) {
        return v.isEmpty() || v.get().isBlank() ? null : v.get().trim();
    }
}
