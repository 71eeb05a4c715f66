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
 * 'key'}) are filled from each record. SASL authentication ({@code auth.*}) and Confluent Schema
 * Registry framing ({@code schema_registry.*}, {@code json.confluent_schema_registry}).
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + KafkaConnector.NAME)
public final class KafkaConnector implements Connector {

    static final String NAME = "kafka";
    /** The confluent connector's API key and secret options. */
    static final String CONFLUENT_KEY = "key";
    static final String CONFLUENT_SECRET = "secret";
    /** How a resolved table records its metadata columns: {@code metadata.<column> = <key>}. */
    static final String METADATA_PREFIX = "metadata.";

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
        ValueFormat format = ValueFormat.read(options, request.name(), valueColumns);
        BadData badData = BadData.fromOptions(options);
        options.checkAllKnown();
        if (valueColumns.size() == 0) {
            throw new ConnectorException("kafka table '" + request.name() + "' needs its columns declared: CREATE TABLE "
                    + request.name() + " (col TYPE, …) WITH (…)");
        }
        if (!config.source()) {
            // checks key and timestamp columns now rather than when the job starts
            new KafkaSink(request.name(), config, columns, format);
        }
        config.putInto(normalized);
        format.putInto(normalized);
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
        return new KafkaSource(table.name(), config, table.schema(), MetadataColumns.of(table.options(), table.schema()),
                ValueFormat.of(table.options()), BadData.parse(name, table.options().getOrDefault(BadData.OPTION, "fail")));
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        KafkaTableConfig config = KafkaTableConfig.of(table.options());
        if (config.source()) {
            throw new ConnectorException(name + " table '" + table.name() + "' is a source (type = 'source'); it cannot "
                    + "be written");
        }
        return new KafkaSink(table.name(), config, table.schema(), ValueFormat.of(table.options()));
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
