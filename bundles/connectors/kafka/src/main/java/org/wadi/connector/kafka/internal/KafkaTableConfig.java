package org.wadi.connector.kafka.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code kafka} table, named as Arroyo names them, validated and normalised:
 * {@link #read} checks what the user wrote, {@link #putInto} records it in the resolved table, and
 * {@link #of} reads it back on the workers. Passwords and secrets are kept (the workers need them)
 * but {@link #toString} and every message leave them out.
 *
 * @param bootstrapServers {@code host:port,…}
 * @param auth how to authenticate: {@code none} or {@code sasl}
 * @param saslMechanism e.g. {@code PLAIN}, {@code SCRAM-SHA-256} (sasl)
 * @param saslProtocol {@code SASL_PLAINTEXT} or {@code SASL_SSL} (sasl)
 * @param username the SASL user (sasl)
 * @param password the SASL password (sasl)
 * @param topic the topic read or written
 * @param source whether the table is a source ({@code type = 'source'}) rather than a sink
 * @param offset where a source without checkpointed offsets starts: {@code earliest}, {@code latest}, {@code group}
 * @param readCommitted whether a source reads only committed transactions ({@code source.read_mode})
 * @param groupId the consumer group ({@code source.group_id}), or {@code null}
 * @param groupIdPrefix the prefix of the generated consumer group ({@code source.group_id_prefix}), or {@code null}
 * @param exactlyOnce whether a sink writes in transactions committed with the checkpoints ({@code sink.commit_mode})
 * @param keyField the column whose value is each record's key ({@code sink.key_field}), or {@code null}
 * @param timestampField the column whose value is each record's timestamp ({@code sink.timestamp_field}), or {@code null}
 * @param clientConfigs extra consumer or producer settings ({@code client_configs})
 * @param registry the Confluent Schema Registry, or {@code null}
 * @param valueSubject the registry subject of the values ({@code value.subject}; default {@code <topic>-value})
 */
record KafkaTableConfig(String bootstrapServers, String auth, String saslMechanism, String saslProtocol,
        String username, String password, String topic, boolean source, String offset, boolean readCommitted,
        String groupId, String groupIdPrefix, boolean exactlyOnce, String keyField, String timestampField,
        Map<String, String> clientConfigs, SchemaRegistryConfig registry, String valueSubject) {

    static final String BOOTSTRAP_SERVERS = "bootstrap_servers";
    static final String AUTH_TYPE = "auth.type";
    static final String AUTH_MECHANISM = "auth.mechanism";
    static final String AUTH_PROTOCOL = "auth.protocol";
    static final String AUTH_USERNAME = "auth.username";
    static final String AUTH_PASSWORD = "auth.password";
    static final String AUTH_REGION = "auth.region";
    static final String TOPIC = "topic";
    static final String TOPIC_PATTERN = "topic_pattern";
    static final String TYPE = "type";
    static final String SOURCE_OFFSET = "source.offset";
    static final String SOURCE_READ_MODE = "source.read_mode";
    static final String SOURCE_GROUP_ID = "source.group_id";
    static final String SOURCE_GROUP_ID_PREFIX = "source.group_id_prefix";
    static final String SINK_COMMIT_MODE = "sink.commit_mode";
    static final String SINK_KEY_FIELD = "sink.key_field";
    static final String SINK_TIMESTAMP_FIELD = "sink.timestamp_field";
    static final String CLIENT_CONFIGS = "client_configs";
    static final String VALUE_SUBJECT = "value.subject";

    /** The options of a connection profile: how to reach the cluster and its registry. */
    static final List<String> CONNECTION_KEYS = List.of(BOOTSTRAP_SERVERS, AUTH_TYPE, AUTH_MECHANISM, AUTH_PROTOCOL,
            AUTH_USERNAME, AUTH_PASSWORD, AUTH_REGION, SchemaRegistryConfig.ENDPOINT, SchemaRegistryConfig.API_KEY,
            SchemaRegistryConfig.API_SECRET);

    private static final List<String> SOURCE_KEYS = List.of(SOURCE_OFFSET, SOURCE_READ_MODE, SOURCE_GROUP_ID,
            SOURCE_GROUP_ID_PREFIX);
    private static final List<String> SINK_KEYS = List.of(SINK_COMMIT_MODE, SINK_KEY_FIELD, SINK_TIMESTAMP_FIELD);
    /** Settings the connector owns: a client_configs entry may not change them. */
    private static final List<String> RESERVED_CLIENT_CONFIGS = List.of("bootstrap.servers", "key.serializer",
            "value.serializer", "key.deserializer", "value.deserializer", "transactional.id", "enable.auto.commit",
            "isolation.level", "group.id");

    KafkaTableConfig {
        clientConfigs = Map.copyOf(clientConfigs);
    }

    @Override
    public String toString() {
        return "kafka " + (source ? "source" : "sink") + " of topic '" + topic + "' at " + bootstrapServers
                + (auth.equals("sasl") ? " (" + saslProtocol + " " + saslMechanism + " as " + username + ")" : "");
    }

    /** The subject of the values in the Schema Registry. */
    String subject() {
        return valueSubject != null ? valueSubject : topic + "-value";
    }

    /** Reads and checks the options of a table definition, marking them known. */
    static KafkaTableConfig read(Options options) throws ConnectorException {
        String connector = options.connector();
        String type = options.choice(TYPE, null, "source", "sink");
        if (type == null) {
            throw new ConnectorException("Missing required option 'type' for connector '" + connector
                    + "': 'source' or 'sink'");
        }
        boolean source = type.equals("source");
        String servers = options.required(BOOTSTRAP_SERVERS).trim();
        for (String s : servers.split(",")) {
            if (!s.trim().matches("[\\w.\\-]+:\\d{1,5}") && !s.trim().matches("\\[[0-9a-fA-F:]+\\]:\\d{1,5}")) {
                throw new ConnectorException("Invalid value '" + servers + "' for option '" + BOOTSTRAP_SERVERS
                        + "' of connector '" + connector + "': expected host:port[,host:port…], e.g. "
                        + "broker-1:9092,broker-2:9092");
            }
        }
        String auth = options.choice(AUTH_TYPE, "none", "none", "sasl", "aws_msk_iam");
        String mechanism = null;
        String protocol = null;
        String username = null;
        String password = null;
        if (auth.equals("aws_msk_iam")) {
            throw new ConnectorException("Option '" + AUTH_TYPE + "' = 'aws_msk_iam' of connector '" + connector
                    + "' is not available in Wadi: the AWS MSK IAM login module is not part of this connector; use "
                    + "auth.type = 'sasl' (e.g. SCRAM-SHA-512 over SASL_SSL) or 'none'");
        }
        if (options.optional(AUTH_REGION).isPresent()) {
            throw new ConnectorException("Option '" + AUTH_REGION + "' of connector '" + connector
                    + "' is for auth.type = 'aws_msk_iam'");
        }
        if (auth.equals("sasl")) {
            mechanism = options.required(AUTH_MECHANISM).trim().toUpperCase(Locale.ROOT);
            if (!List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(mechanism)) {
                throw new ConnectorException("Invalid value '" + mechanism + "' for option '" + AUTH_MECHANISM
                        + "' of connector '" + connector + "': expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
            }
            protocol = options.required(AUTH_PROTOCOL).trim().toUpperCase(Locale.ROOT);
            if (!protocol.equals("SASL_PLAINTEXT") && !protocol.equals("SASL_SSL")) {
                throw new ConnectorException("Invalid value '" + protocol + "' for option '" + AUTH_PROTOCOL
                        + "' of connector '" + connector + "': expected one of SASL_PLAINTEXT, SASL_SSL");
            }
            username = options.required(AUTH_USERNAME);
            password = options.required(AUTH_PASSWORD);
        } else {
            for (String k : List.of(AUTH_MECHANISM, AUTH_PROTOCOL, AUTH_USERNAME, AUTH_PASSWORD)) {
                if (options.optional(k).isPresent()) {
                    throw new ConnectorException("Option '" + k + "' of connector '" + connector
                            + "' needs auth.type = 'sasl'");
                }
            }
        }
        if (options.optional(TOPIC_PATTERN).isPresent()) {
            throw new ConnectorException("Option '" + TOPIC_PATTERN + "' of connector '" + connector
                    + "' is not supported by Wadi yet; name one topic with 'topic'");
        }
        String topic = options.required(TOPIC).trim();
        if (!topic.matches("[a-zA-Z0-9._\\-]{1,249}")) {
            throw new ConnectorException("Invalid value '" + topic + "' for option '" + TOPIC + "' of connector '"
                    + connector + "': a topic name has 1 to 249 characters among letters, digits, '.', '_' and '-'");
        }
        String offset = options.choice(SOURCE_OFFSET, "latest", "earliest", "latest", "group");
        boolean readCommitted = options.choice(SOURCE_READ_MODE, "read_uncommitted", "read_uncommitted",
                "read_committed").equals("read_committed");
        String groupId = blankToNull(options.optional(SOURCE_GROUP_ID));
        String groupIdPrefix = blankToNull(options.optional(SOURCE_GROUP_ID_PREFIX));
        boolean exactlyOnce = options.choice(SINK_COMMIT_MODE, "at_least_once", "at_least_once", "exactly_once")
                .equals("exactly_once");
        String keyField = blankToNull(options.optional(SINK_KEY_FIELD));
        String timestampField = blankToNull(options.optional(SINK_TIMESTAMP_FIELD));
        for (String k : source ? SINK_KEYS : SOURCE_KEYS) {
            if (options.asMap().containsKey(k)) {
                throw new ConnectorException("Option '" + k + "' of connector '" + connector + "' is for "
                        + (source ? "sinks (type = 'sink')" : "sources (type = 'source')") + ", and this table has type = '"
                        + type + "'");
            }
        }
        Map<String, String> clientConfigs = clientConfigs(connector, options.optional(CLIENT_CONFIGS));
        SchemaRegistryConfig registry = SchemaRegistryConfig.read(options);
        String valueSubject = blankToNull(options.optional(VALUE_SUBJECT));
        return new KafkaTableConfig(servers, auth, mechanism, protocol, username, password, topic, source, offset,
                readCommitted, groupId, groupIdPrefix, exactlyOnce, keyField, timestampField, clientConfigs, registry,
                valueSubject);
    }

    /** Writes the options, normalised, into a resolved table's options. */
    void putInto(Map<String, String> options) {
        options.put(TYPE, source ? "source" : "sink");
        options.put(BOOTSTRAP_SERVERS, bootstrapServers);
        options.put(AUTH_TYPE, auth);
        if (auth.equals("sasl")) {
            options.put(AUTH_MECHANISM, saslMechanism);
            options.put(AUTH_PROTOCOL, saslProtocol);
            options.put(AUTH_USERNAME, username);
            options.put(AUTH_PASSWORD, password);
        }
        options.put(TOPIC, topic);
        if (source) {
            options.put(SOURCE_OFFSET, offset);
            options.put(SOURCE_READ_MODE, readCommitted ? "read_committed" : "read_uncommitted");
            if (groupId != null) {
                options.put(SOURCE_GROUP_ID, groupId);
            }
            if (groupIdPrefix != null) {
                options.put(SOURCE_GROUP_ID_PREFIX, groupIdPrefix);
            }
        } else {
            options.put(SINK_COMMIT_MODE, exactlyOnce ? "exactly_once" : "at_least_once");
            if (keyField != null) {
                options.put(SINK_KEY_FIELD, keyField);
            }
            if (timestampField != null) {
                options.put(SINK_TIMESTAMP_FIELD, timestampField);
            }
        }
        if (!clientConfigs.isEmpty()) {
            StringBuilder b = new StringBuilder();
            new java.util.TreeMap<>(clientConfigs).forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k)
                    .append('=').append(v));
            options.put(CLIENT_CONFIGS, b.toString());
        }
        if (registry != null) {
            registry.putInto(options);
        }
        if (valueSubject != null) {
            options.put(VALUE_SUBJECT, valueSubject);
        }
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static KafkaTableConfig of(Map<String, String> tableOptions) throws ConnectorException {
        Map<String, String> copy = new LinkedHashMap<>(tableOptions);
        // the format's options are the codec's, the metadata columns the source's
        copy.keySet().removeIf(k -> k.equals("format") || k.startsWith("json.") || k.startsWith("avro.")
                || k.startsWith("protobuf.") || k.startsWith("framing") || k.equals("bad_data")
                || k.startsWith(KafkaConnector.METADATA_PREFIX));
        return read(new Options("kafka", copy));
    }

    /** Parses {@code client_configs}: {@code key=value} pairs separated by commas. */
    private static Map<String, String> clientConfigs(String connector, Optional<String> text)
            throws ConnectorException {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty() || text.get().isBlank()) {
            return out;
        }
        for (String pair : text.get().split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConnectorException("Invalid value for option '" + CLIENT_CONFIGS + "' of connector '"
                        + connector + "': expected comma-separated key=value pairs, e.g. "
                        + "'linger.ms=5,compression.type=lz4'; got '" + pair.trim() + "'");
            }
            String key = pair.substring(0, eq).trim();
            if (RESERVED_CLIENT_CONFIGS.contains(key)) {
                throw new ConnectorException("Option '" + CLIENT_CONFIGS + "' of connector '" + connector
                        + "' may not set '" + key + "': the connector sets it (from "
                        + (key.equals("group.id") ? "source.group_id" : key.equals("isolation.level")
                                ? "source.read_mode" : "its own options") + ")");
            }
            out.put(key, pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static String blankToNull(Optional<String> v) {
        return v.isEmpty() || v.get().isBlank() ? null : v.get().trim();
    }
}
