package org.wadi.connector.nats.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code nats} table, named as Arroyo names them, validated and normalised:
 * {@link #read} checks what the user wrote, {@link #putInto} records it in the resolved table, and
 * {@link #of} reads it back on the workers. The password is kept (the workers need it) but never
 * shown: {@link #toString} and every message leave it out.
 *
 * @param servers the servers, as {@code nats://host:port} (or {@code tls://})
 * @param username the user of {@code auth.type = 'credentials'}, or {@code null}
 * @param password its password, or {@code null}
 * @param source whether the table is read ({@code type = 'source'}) rather than written
 * @param stream the JetStream stream a source reads, or {@code null}
 * @param subject the subject a core NATS source subscribes to or a sink publishes to, or {@code null}
 * @param consumer the JetStream consumer's settings ({@code consumer.*}), or {@code null}
 */
record NatsConfig(List<String> servers, String username, String password, boolean source, String stream,
        String subject, ConsumerSettings consumer) {

    static final String SERVERS = "servers";
    static final String AUTH_TYPE = "auth.type";
    static final String AUTH_USERNAME = "auth.username";
    static final String AUTH_PASSWORD = "auth.password";
    static final String TYPE = "type";
    static final String STREAM = "stream";
    static final String SUBJECT = "subject";
    /** The options saying how to connect, shared by every table of a connection. */
    static final List<String> CONNECTION_KEYS = List.of(SERVERS, AUTH_TYPE, AUTH_USERNAME, AUTH_PASSWORD);

    /** Whether the source reads a JetStream stream (positions checkpointed) rather than a core subject. */
    boolean jetStream() {
        return stream != null;
    }

    @Override
    public String toString() {
        return "nats " + (source ? "source" : "sink") + " " + (stream != null ? "stream '" + stream + "'"
                : "subject '" + subject + "'") + " at " + String.join(",", servers)
                + (username == null ? "" : " as " + username);
    }

    /** Reads and checks the options of a table definition, marking them known. */
    static NatsConfig read(Options options) throws ConnectorException {
        String connector = options.connector();
        List<String> servers = servers(connector, options.required(SERVERS));
        String auth = options.choice(AUTH_TYPE, "none", "none", "credentials");
        String username = options.optional(AUTH_USERNAME).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        String password = options.optional(AUTH_PASSWORD).filter(s -> !s.isEmpty()).orElse(null);
        if (auth.equals("credentials")) {
            if (username == null || password == null) {
                throw new ConnectorException("Missing required option '" + (username == null ? AUTH_USERNAME
                        : AUTH_PASSWORD) + "' for connector '" + connector + "' with " + AUTH_TYPE + " = 'credentials'");
            }
        } else if (username != null || password != null) {
            throw new ConnectorException("Option '" + (username != null ? AUTH_USERNAME : AUTH_PASSWORD)
                    + "' of connector '" + connector + "' needs " + AUTH_TYPE + " = 'credentials'");
        }
        String type = options.choice(TYPE, null, "source", "sink");
        if (type == null) {
            throw new ConnectorException("Missing required option 'type' for connector '" + connector
                    + "': 'source' or 'sink'");
        }
        String stream = options.optional(STREAM).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        String subject = options.optional(SUBJECT).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        boolean source = type.equals("source");
        ConsumerSettings consumer = ConsumerSettings.read(options);
        if (source) {
            if (stream != null && subject != null) {
                throw new ConnectorException("Options 'stream' and 'subject' of connector '" + connector
                        + "' exclude each other: a source reads either a JetStream stream ('stream') or a core"
                        + " NATS subject ('subject')");
            }
            if (stream == null && subject == null) {
                throw new ConnectorException("Missing required option for nats source: 'stream' (a JetStream"
                        + " stream) or 'subject' (a core NATS subject)");
            }
            if (stream != null) {
                checkName(connector, STREAM, stream);
            }
        } else {
            if (stream != null) {
                throw new ConnectorException("Option 'stream' of connector '" + connector + "' is for sources; a sink"
                        + " publishes to 'subject' (a stream whose subjects include it stores what is published)");
            }
            if (subject == null) {
                throw new ConnectorException("Missing required option 'subject' for nats sink");
            }
        }
        if (subject != null) {
            checkSubject(connector, subject, source);
        }
        if (stream == null && consumer.anyGiven()) {
            throw new ConnectorException("Option '" + consumer.firstGiven() + "' of connector '" + connector
                    + "' is for JetStream sources (option 'stream')");
        }
        return new NatsConfig(servers, username, password, source, stream, subject, stream == null ? null : consumer);
    }

    /** Writes the connection and table options, normalised, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        options.put(SERVERS, String.join(",", servers));
        options.put(AUTH_TYPE, username == null ? "none" : "credentials");
        if (username != null) {
            options.put(AUTH_USERNAME, username);
            options.put(AUTH_PASSWORD, password);
        }
        options.put(TYPE, source ? "source" : "sink");
        if (stream != null) {
            options.put(STREAM, stream);
            consumer.putInto(options);
        }
        if (subject != null) {
            options.put(SUBJECT, subject);
        }
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static NatsConfig of(Map<String, String> tableOptions) throws ConnectorException {
        Map<String, String> copy = new LinkedHashMap<>(tableOptions);
        copy.keySet().removeIf(k -> k.equals("format") || k.startsWith("json.") || k.equals("bad_data"));
        return read(new Options("nats", copy));
    }

    /** Comma-separated servers, {@code host:port} or {@code nats://host:port} (or {@code tls://}). */
    static List<String> servers(String connector, String text) throws ConnectorException {
        List<String> out = new ArrayList<>();
        String expected = "expected comma-separated servers such as nats-1:4222,nats-2:4222 or nats://localhost:4222"
                + " (tls:// for TLS); give credentials in 'auth.username' and 'auth.password'";
        for (String part : text.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(s.contains("://") ? s : "nats://" + s);
            } catch (URISyntaxException e) {
                throw new ConnectorException("Invalid value for option '" + SERVERS + "' of connector '" + connector
                        + "': '" + s + "' is not an address; " + expected);
            }
            if (uri.getRawUserInfo() != null) {
                throw new ConnectorException("Invalid value for option '" + SERVERS + "' of connector '" + connector
                        + "': credentials inside a server address are not accepted; " + expected);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("nats") && !scheme.equals("tls") || uri.getHost() == null
                    || uri.getPath() != null && !uri.getPath().isEmpty()) {
                throw new ConnectorException("Invalid value '" + s + "' for option '" + SERVERS + "' of connector '"
                        + connector + "': " + expected);
            }
            out.add(scheme + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 4222 : uri.getPort()));
        }
        if (out.isEmpty()) {
            throw new ConnectorException("Missing required option '" + SERVERS + "' for connector '" + connector + "'");
        }
        return List.copyOf(out);
    }

    private static void checkName(String connector, String key, String name) throws ConnectorException {
        for (char c : name.toCharArray()) {
            if (c == '.' || c == '*' || c == '>' || c == '/' || c == '\\' || Character.isWhitespace(c)) {
                throw new ConnectorException("Invalid value '" + name + "' for option '" + key + "' of connector '"
                        + connector + "': a stream name has no '.', '*', '>', '/', '\\' or spaces");
            }
        }
    }

    private static void checkSubject(String connector, String subject, boolean source) throws ConnectorException {
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            boolean wildcard = t.equals("*") || t.equals(">") && i == tokens.length - 1;
            if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace)
                    || !wildcard && (t.contains("*") || t.contains(">"))) {
                throw new ConnectorException("Invalid value '" + subject + "' for option '" + SUBJECT
                        + "' of connector '" + connector + "': expected dot-separated tokens without spaces, such as"
                        + " orders.eu (a source may use '*' for one token and a final '>' for the rest)");
            }
            if (wildcard && !source) {
                throw new ConnectorException("Invalid value '" + subject + "' for option '" + SUBJECT
                        + "' of connector '" + connector + "': a sink publishes to one subject, without wildcards");
            }
        }
    }

    /** Parses an optional whole number of seconds, refusing negative values. */
    static Optional<Long> seconds(Options options, String key) throws ConnectorException {
        Optional<String> v = options.optional(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        long n = options.longValue(key, 0);
        if (n < 0) {
            throw new ConnectorException("Invalid value '" + v.get() + "' for option '" + key + "' of connector '"
                    + options.connector() + "': expected a whole number of seconds, 0 or more");
        }
        return Optional.of(n);
    }
}
