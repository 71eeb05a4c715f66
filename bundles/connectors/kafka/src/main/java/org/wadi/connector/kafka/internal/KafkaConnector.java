package org.wadi.connector.kafka.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.osgi.service.component.annotations.Component;
import org.wadi.formats.BadData;
import org.wadi.formats.Framing;
import org.wadi.formats.RowFormat;
import org.wadi.formats.SchemaResolver;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.Schema;

/**
 * The {@code kafka} connector, with Arroyo's options: sources ({@code type = 'source'}) whose
 * partitions are spread over the subtasks with their offsets in the checkpoints, and sinks
 * ({@code type = 'sink'}) writing at least once or exactly once ({@code sink.commit_mode}).
 * Metadata columns ({@code METADATA FROM 'offset_id' | 'partition' | 'topic' | 'timestamp' |
 * 'key'}) are filled from each record. Every format of the shared formats bundle ({@code json},
 * {@code debezium_json}, {@code avro}, {@code protobuf} for sources, {@code raw_string}, {@code
 * raw_bytes}, with {@code framing} and {@code bad_data}); SASL authentication ({@code auth.*});
 * the Confluent Schema Registry ({@code schema_registry.*}): sinks register the table's schema,
 * sources resolve Avro writer schemas by id. {@link #autocomplete} lists the topics.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + KafkaConnector.NAME)
public final class KafkaConnector implements Connector {

    static final String NAME = "kafka";
    /** The confluent connector's API key and secret options. */
    static final String CONFLUENT_KEY = "key";
    static final String CONFLUENT_SECRET = "secret";
    /** How a resolved table records its metadata columns: {@code metadata.<column> = <key>}. */
    static final String METADATA_PREFIX = "metadata.";
    /** How long {@link #autocomplete} waits for the cluster. */
    static final int AUTOCOMPLETE_TIMEOUT_SECONDS = 10;

    private final String name;
    private final ConnectorMetadata metadata;
    private final boolean confluent;

    public KafkaConnector() {
        this(NAME, new ConnectorMetadata(NAME, "Kafka", "", "Read and write from a Kafka cluster", true, true, false,
                true, true, false, resource("profile.json"), resource("table.json")), false);
    }

    /**
     * @param confluent whether the options are the confluent connector's ({@code key} and
     *     {@code secret} instead of {@code auth.*}: SASL_SSL with PLAIN, as Confluent Cloud wants)
     */
    KafkaConnector(String name, ConnectorMetadata metadata, boolean confluent) {
        this.name = name;
        this.metadata = metadata;
        this.confluent = confluent;
    }

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = confluent ? translate(request.options().asMap()) : request.options();
        KafkaTableConfig config = KafkaTableConfig.read(options);
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (!request.metadata().isEmpty() && !config.source()) {
            throw new ConnectorException("kafka table '" + request.name() + "' is a sink; metadata columns ("
                    + String.join(", ", request.metadata().keySet()) + ") are for sources");
        }
        Map<String, String> normalized = new LinkedHashMap<>(
                MetadataColumns.check(request.name(), request.metadata(), columns));
        MetadataColumns meta = MetadataColumns.of(normalized, columns);
        Schema valueColumns = meta.valueColumns(columns);
        RowFormat format = RowFormat.fromOptions(options, true).orElseThrow();
        Framing framing = Framing.fromOptions(options).orElse(null);
        BadData badData = BadData.fromOptions(options);
        options.checkAllKnown();
        if (valueColumns.size() == 0) {
            throw new ConnectorException("kafka table '" + request.name() + "' needs its columns declared: CREATE TABLE "
                    + request.name() + " (col TYPE, …) WITH (…)");
        }
        String where = "kafka table '" + request.name() + "'";
        if (format.confluentSchemaRegistry() && config.registry() == null
                && (!config.source() || format.avro() != null && format.avro().schema() == null)) {
            throw new ConnectorException(where + ": " + format.name() + ".confluent_schema_registry = true needs "
                    + SchemaRegistryConfig.ENDPOINT + (config.source() ? " to look up the writers' schemas by id (or "
                    + "avro.schema with the one schema they were written with)" : " to register the table's schema"));
        }
        if (config.source()) {
            // checks the format against the columns (schemas, descriptors, raw columns) now rather than when the job starts
            new KafkaSource(request.name(), config, columns, MetadataColumns.of(normalized, columns), format, framing,
                    badData, SchemaResolver.NONE);
        } else {
            if (framing != null) {
                throw new ConnectorException("Option '" + Framing.OPTION + "' of connector '" + name + "' is for sources "
                        + "(type = 'source'): a sink writes one record per message, and " + where + " has type = 'sink'");
            }
            // checks the format, key and timestamp columns now rather than when the job starts
            new KafkaSink(request.name(), config, columns, format);
        }
        config.putInto(normalized);
        format.putInto(normalized);
        if (framing != null) {
            normalized.put(Framing.OPTION, Framing.NEWLINE);
            normalized.put(Framing.MAX_LENGTH, Long.toString(framing.maxLength()));
        }
        normalized.put(BadData.OPTION, badData.option());
        return new ConnectorTable(request.name(), name, normalized, columns,
                Set.of(config.source() ? TableRole.SOURCE : TableRole.SINK), false);
    }

    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> all = new LinkedHashMap<>();
        all.putAll(profile);
        all.putAll(table);
        all.putIfAbsent(KafkaTableConfig.TYPE, "source");
        all.putIfAbsent(KafkaTableConfig.TOPIC, "wadi-connection-test");
        boolean topicGiven = table.containsKey(KafkaTableConfig.TOPIC) || profile.containsKey(KafkaTableConfig.TOPIC);
        KafkaTableConfig config;
        try {
            config = KafkaTableConfig.read(translate(all));
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
        KafkaClients clients = new KafkaClients(config);
        try (Admin admin = clients.admin("wadi-connection-test")) {
            long timeout = clients.timeout().toMillis();
            int brokers = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS).size();
            Set<String> topics = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            String message = "connected to " + config.bootstrapServers() + ": " + brokers + " broker(s), "
                    + topics.size() + " topic(s)";
            if (topicGiven && !topics.contains(config.topic())) {
                return new TestResult(false, message + "; topic '" + config.topic() + "' does not exist");
            }
            if (config.registry() != null) {
                new SchemaRegistryClient(config.registry()).subjects();
                message += "; Schema Registry at " + config.registry() + " answers";
            }
            return new TestResult(true, message);
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new TestResult(false, "could not reach kafka at " + config.bootstrapServers() + ": "
                    + (cause instanceof java.util.concurrent.TimeoutException
                            || cause instanceof org.apache.kafka.common.errors.TimeoutException
                            ? "no answer within " + clients.timeout().toMillis() + " ms" : cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TestResult(false, "interrupted while testing the connection to " + config.bootstrapServers());
        }
    }

    /**
     * Lists the cluster's topics (internal ones left out), sorted, for the UI's autocompletion of
     * {@code topic}, with an admin client built from the profile's connection options.
     *
     * @throws ConnectorException when the profile is invalid or the cluster does not answer within
     *     {@value #AUTOCOMPLETE_TIMEOUT_SECONDS} s, saying why
     */
    @Override
    public Map<String, List<String>> autocomplete(Map<String, String> profile) throws ConnectorException {
        Map<String, String> connection = new LinkedHashMap<>();
        profile.forEach((k, v) -> {
            if (KafkaTableConfig.CONNECTION_KEYS.contains(k) || k.equals(CONFLUENT_KEY) || k.equals(CONFLUENT_SECRET)
                    || k.equals(KafkaTableConfig.CLIENT_CONFIGS)) {
                connection.put(k, v);
            }
        });
        connection.put(KafkaTableConfig.TYPE, "source");
        connection.put(KafkaTableConfig.TOPIC, "wadi-autocomplete");
        KafkaTableConfig config = KafkaTableConfig.read(translate(connection));
        KafkaClients clients = new KafkaClients(config);
        Admin admin = clients.admin("wadi-autocomplete");
        try {
            List<String> topics = admin.listTopics().names().get(AUTOCOMPLETE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .stream().sorted().toList();
            return Map.of(KafkaTableConfig.TOPIC, topics);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ConnectorException("cannot list the topics of kafka at " + config.bootstrapServers()
                    + ": no answer within " + AUTOCOMPLETE_TIMEOUT_SECONDS + " s (is the broker up and "
                    + KafkaTableConfig.BOOTSTRAP_SERVERS + " right?)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConnectorException("cannot list the topics of kafka at " + config.bootstrapServers() + ": "
                    + (cause instanceof org.apache.kafka.common.errors.TimeoutException ? "no answer within "
                    + AUTOCOMPLETE_TIMEOUT_SECONDS + " s (is the broker up and " + KafkaTableConfig.BOOTSTRAP_SERVERS
                    + " right?)" : cause.getMessage()), cause);
        } catch (RuntimeException e) {
            throw new ConnectorException("cannot list the topics of kafka at " + config.bootstrapServers() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("interrupted while listing the topics of kafka at " + config.bootstrapServers(),
                    e);
        } finally {
            // an unreachable cluster leaves the call pending: do not wait for it
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }

    /**
     * The options as the kafka connector reads them: the confluent connector's {@code key} and
     * {@code secret} become SASL_SSL with PLAIN.
     */
    Options translate(Map<String, String> options) throws ConnectorException {
        if (!confluent) {
            return new Options(name, options);
        }
        Map<String, String> mapped = new LinkedHashMap<>(options);
        for (String k : List.of(KafkaTableConfig.AUTH_TYPE, KafkaTableConfig.AUTH_MECHANISM,
                KafkaTableConfig.AUTH_PROTOCOL, KafkaTableConfig.AUTH_USERNAME, KafkaTableConfig.AUTH_PASSWORD)) {
            if (mapped.containsKey(k)) {
                throw new ConnectorException("Option '" + k + "' is not one of connector '" + name + "': it "
                        + "authenticates with 'key' and 'secret' (a Confluent Cloud API key)");
            }
        }
        String key = mapped.remove(CONFLUENT_KEY);
        String secret = mapped.remove(CONFLUENT_SECRET);
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new ConnectorException("Missing required option '" + (key == null || key.isBlank() ? CONFLUENT_KEY
                    : CONFLUENT_SECRET) + "' for connector '" + name + "': the Confluent Cloud API key and secret");
        }
        mapped.put(KafkaTableConfig.AUTH_TYPE, "sasl");
        mapped.put(KafkaTableConfig.AUTH_MECHANISM, "PLAIN");
        mapped.put(KafkaTableConfig.AUTH_PROTOCOL, "SASL_SSL");
        mapped.put(KafkaTableConfig.AUTH_USERNAME, key.trim());
        mapped.put(KafkaTableConfig.AUTH_PASSWORD, secret);
        return new Options(name, mapped);
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        KafkaTableConfig config = KafkaTableConfig.of(table.options());
        if (!config.source()) {
            throw new ConnectorException(name + " table '" + table.name() + "' is a sink (type = 'sink'); it cannot be read");
        }
        Map<String, String> o = table.options();
        Framing framing = o.containsKey(Framing.OPTION) ? Framing.fromOptions(new Options(name, Map.of(Framing.OPTION,
                o.get(Framing.OPTION), Framing.MAX_LENGTH, o.getOrDefault(Framing.MAX_LENGTH, "0")))).orElse(null) : null;
        return new KafkaSource(table.name(), config, table.schema(), MetadataColumns.of(o, table.schema()),
                RowFormat.fromTableOptions(o), framing, BadData.parse(name, o.getOrDefault(BadData.OPTION, "fail")),
                config.registry() == null ? SchemaResolver.NONE : new SchemaRegistryClient(config.registry()));
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        KafkaTableConfig config = KafkaTableConfig.of(table.options());
        if (config.source()) {
            throw new ConnectorException(name + " table '" + table.name() + "' is a source (type = 'source'); it cannot "
                    + "be written");
        }
        return new KafkaSink(table.name(), config, table.schema(), RowFormat.fromTableOptions(table.options()));
    }

    static String resource(String name) {
        try (InputStream in = KafkaConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the kafka bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
