package org.wadi.connector.rabbitmq.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code rabbitmq} table, validated and normalised. The connection options and
 * {@code stream}, {@code type} and {@code source.offset} are Arroyo's; {@code queue},
 * {@code source.prefetch}, {@code exchange}, {@code routing_key} and {@code amqp_port} are ours, for
 * classic AMQP 0-9-1 queues (Arroyo has no such tables). {@link #read} checks what the user wrote,
 * {@link #putInto} records it in the resolved table and {@link #of} reads it back on the workers.
 * The password is kept (the workers need it) but never shown: {@link #toString} and every message
 * leave it out.
 *
 * @param host the broker's host
 * @param port the RabbitMQ Streams port (5552)
 * @param amqpPort the AMQP 0-9-1 port (5672)
 * @param username the user
 * @param password the password
 * @param virtualHost the virtual host
 * @param tls the TLS settings ({@code tls_config.*})
 * @param loadBalancerMode whether every Streams connection goes to {@code host:port} (a load
 *     balancer in front of the cluster) instead of the node the broker advertises
 * @param source whether the table is read rather than written
 * @param stream the stream a source reads, or {@code null}
 * @param offset where a stream source starts without state: {@code first}, {@code last} or {@code next}
 * @param queue the classic queue a source consumes, or {@code null}
 * @param prefetch how many unacknowledged deliveries a queue source holds
 * @param exchange the exchange a sink publishes to ({@code ""}: the default exchange)
 * @param routingKey the routing key a sink publishes with
 */
record RabbitmqConfig(String host, int port, int amqpPort, String username, String password, String virtualHost,
        TlsSettings tls, boolean loadBalancerMode, boolean source, String stream, String offset, String queue,
        int prefetch, String exchange, String routingKey) {

    static final String HOST = "host";
    static final String PORT = "port";
    static final String AMQP_PORT = "amqp_port";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String VIRTUAL_HOST = "virtual_host";
    static final String LOAD_BALANCER_MODE = "load_balancer_mode";
    static final String TYPE = "type";
    static final String STREAM = "stream";
    static final String OFFSET = "source.offset";
    static final String QUEUE = "queue";
    static final String PREFETCH = "source.prefetch";
    static final String EXCHANGE = "exchange";
    static final String ROUTING_KEY = "routing_key";
    /** The options saying how to connect, shared by every table of a connection. */
    static final List<String> CONNECTION_KEYS = List.of(HOST, PORT, AMQP_PORT, USERNAME, PASSWORD, VIRTUAL_HOST,
            LOAD_BALANCER_MODE, TlsSettings.ENABLED, TlsSettings.TRUST_CERTIFICATES, TlsSettings.ROOT_CERTIFICATES,
            TlsSettings.CLIENT_CERTIFICATES, TlsSettings.CLIENT_KEYS);

    /**
     * Deliveries are acknowledged only at checkpoints, so a subtask reads at most this many between
     * two checkpoints: the default allows 1000 messages/s per subtask at a 10 s checkpoint interval.
     */
    static final int DEFAULT_PREFETCH = 10_000;

    /** Whether the source reads a RabbitMQ stream (offsets checkpointed) rather than a classic queue. */
    boolean streamSource() {
        return source && stream != null;
    }

    /** {@code host:port} of the protocol the table uses. */
    String address() {
        return host + ":" + (streamSource() ? port : amqpPort) + (virtualHost.equals("/") ? "" : " vhost '"
                + virtualHost + "'");
    }

    @Override
    public String toString() {
        String what = !source ? "sink to exchange '" + exchange + "' routing key '" + routingKey + "'"
                : stream != null ? "source stream '" + stream + "'" : "source queue '" + queue + "'";
        return "rabbitmq " + what + " at " + address() + " as " + username;
    }

    /** Reads and checks the options of a table definition, marking them known. */
    static RabbitmqConfig read(Options options) throws ConnectorException {
        String connector = options.connector();
        String host = text(options, HOST).orElse("localhost");
        int port = port(options, PORT, 5552);
        int amqpPort = port(options, AMQP_PORT, 5672);
        String username = text(options, USERNAME).orElse("guest");
        String password = options.optional(PASSWORD).filter(s -> !s.isEmpty()).orElse("guest");
        String virtualHost = text(options, VIRTUAL_HOST).orElse("/");
        TlsSettings tls = TlsSettings.read(options);
        boolean loadBalancer = options.booleanValue(LOAD_BALANCER_MODE, false);
        String type = options.choice(TYPE, null, "source", "sink");
        if (type == null) {
            throw new ConnectorException("Missing required option 'type' for connector '" + connector
                    + "': 'source' or 'sink'");
        }
        boolean source = type.equals("source");
        String stream = text(options, STREAM).orElse(null);
        String queue = text(options, QUEUE).orElse(null);
        Optional<String> offsetGiven = options.optional(OFFSET);
        String offset = options.choice(OFFSET, "last", "first", "last", "next");
        Optional<String> prefetchGiven = options.optional(PREFETCH);
        long prefetch = options.longValue(PREFETCH, DEFAULT_PREFETCH);
        Optional<String> exchangeGiven = text(options, EXCHANGE);
        String exchange = exchangeGiven.orElse("");
        String routingKey = text(options, ROUTING_KEY).orElse("");
        if (source) {
            if (stream != null && queue != null) {
                throw new ConnectorException("Options 'stream' and 'queue' of connector '" + connector + "' exclude"
                        + " each other: a source reads either a RabbitMQ stream ('stream', offsets checkpointed) or a"
                        + " classic AMQP queue ('queue', at least once)");
            }
            if (stream == null && queue == null) {
                throw new ConnectorException("Missing required option for rabbitmq source: 'stream' (a RabbitMQ"
                        + " stream) or 'queue' (a classic AMQP 0-9-1 queue)");
            }
            if (exchangeGiven.isPresent() || !routingKey.isEmpty()) {
                throw new ConnectorException("Option '" + (exchangeGiven.isPresent() ? EXCHANGE : ROUTING_KEY)
                        + "' of connector '" + connector + "' is for sinks (type = 'sink')");
            }
            if (queue != null && offsetGiven.isPresent()) {
                throw new ConnectorException("Option '" + OFFSET + "' of connector '" + connector + "' is for stream"
                        + " sources (option 'stream'); a queue source takes what the queue holds");
            }
            if (stream != null && prefetchGiven.isPresent()) {
                throw new ConnectorException("Option '" + PREFETCH + "' of connector '" + connector + "' is for queue"
                        + " sources (option 'queue')");
            }
            if (prefetch < 1 || prefetch > 65_535) {
                throw new ConnectorException("Invalid value '" + prefetch + "' for option '" + PREFETCH
                        + "' of connector '" + connector + "': expected 1 to 65535 unacknowledged messages");
            }
        } else {
            if (stream != null || queue != null) {
                throw new ConnectorException("Option '" + (stream != null ? STREAM : QUEUE) + "' of connector '"
                        + connector + "' is for sources; a sink publishes to 'exchange' with 'routing_key' (to append"
                        + " to a stream or a queue named q, leave 'exchange' out and set routing_key = 'q')");
            }
            if (offsetGiven.isPresent() || prefetchGiven.isPresent()) {
                throw new ConnectorException("Option '" + (offsetGiven.isPresent() ? OFFSET : PREFETCH)
                        + "' of connector '" + connector + "' is for sources (type = 'source')");
            }
            if (exchange.isEmpty() && routingKey.isEmpty()) {
                throw new ConnectorException("Missing required option 'routing_key' for rabbitmq sink to the default"
                        + " exchange: the name of the queue or stream to publish to (or set 'exchange')");
            }
        }
        if (!source || queue != null) {
            tls.checkAmqp(connector);
        }
        return new RabbitmqConfig(host, port, amqpPort, username, password, virtualHost, tls, loadBalancer, source,
                stream, stream == null ? null : offset, queue, (int) prefetch, exchange, routingKey);
    }

    /** Writes the connection and table options, normalised, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        options.put(HOST, host);
        options.put(PORT, Integer.toString(port));
        options.put(AMQP_PORT, Integer.toString(amqpPort));
        options.put(USERNAME, username);
        options.put(PASSWORD, password);
        options.put(VIRTUAL_HOST, virtualHost);
        tls.putInto(options);
        options.put(LOAD_BALANCER_MODE, Boolean.toString(loadBalancerMode));
        options.put(TYPE, source ? "source" : "sink");
        if (stream != null) {
            options.put(STREAM, stream);
            options.put(OFFSET, offset);
        }
        if (queue != null) {
            options.put(QUEUE, queue);
            options.put(PREFETCH, Integer.toString(prefetch));
        }
        if (!source) {
            if (!exchange.isEmpty()) {
                options.put(EXCHANGE, exchange);
            }
            if (!routingKey.isEmpty()) {
                options.put(ROUTING_KEY, routingKey);
            }
        }
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static RabbitmqConfig of(Map<String, String> tableOptions) throws ConnectorException {
        Map<String, String> copy = new LinkedHashMap<>(tableOptions);
        copy.keySet().removeIf(k -> k.equals("format") || k.startsWith("json.") || k.equals("bad_data"));
        return read(new Options("rabbitmq", copy));
    }

    private static Optional<String> text(Options options, String key) {
        return options.optional(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static int port(Options options, String key, int dflt) throws ConnectorException {
        long p = options.longValue(key, dflt);
        if (p < 1 || p > 65_535) {
            throw new ConnectorException("Invalid value '" + p + "' for option '" + key + "' of connector '"
                    + options.connector() + "': expected a port from 1 to 65535");
        }
        return (int) p;
    }
}
