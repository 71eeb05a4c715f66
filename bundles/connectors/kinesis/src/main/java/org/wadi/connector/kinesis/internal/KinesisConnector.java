package org.wadi.connector.kinesis.internal;

import org.wadi.formats.PayloadDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import org.osgi.service.component.annotations.Component;
import org.wadi.formats.BadData;
import org.wadi.formats.JsonFormat;
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
 * The {@code kinesis} connector, with Arroyo's options: a source reading an Amazon Kinesis Data
 * Stream exactly once (shard sequence numbers checkpointed) and a sink writing batches of records
 * with PutRecords, at least once, through the AWS SDK v2. {@code aws_endpoint} (ours) points it at
 * a Kinesis-compatible server. Payloads are JSON ({@code format = 'json'} or {@code 'debezium_json'}).
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + KinesisConnector.NAME)
public final class KinesisConnector implements Connector {

    static final String NAME = "kinesis";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Kinesis", "",
            "Read and write Amazon Kinesis Data Streams (the source exactly once)", true, true,
            false, true, true, false, null, resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        KinesisConfig config = KinesisConfig.read(options);
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        BadData badData = config.source() ? BadData.fromOptions(options) : null;
        options.checkAllKnown();
        if (!request.metadata().isEmpty()) {
            Map.Entry<String, String> first = request.metadata().entrySet().iterator().next();
            throw new ConnectorException("kinesis table '" + request.name() + "': column '" + first.getKey()
                    + "' asks for metadata key '" + first.getValue() + "', but connector 'kinesis' has no metadata keys");
        }
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("kinesis table '" + request.name() + "' needs its columns declared: CREATE TABLE "
                    + request.name() + " (col TYPE, …) WITH (…)");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        config.putInto(normalized);
        format.putInto(normalized);
        if (badData != null) {
            normalized.put(BadData.OPTION, badData.option());
        }
        return new ConnectorTable(request.name(), NAME, normalized, columns,
                Set.of(config.source() ? TableRole.SOURCE : TableRole.SINK), false);
    }

    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> all = new LinkedHashMap<>(profile);
        all.putAll(table);
        all.keySet().removeIf(k -> !List.of(KinesisConfig.STREAM_NAME, KinesisConfig.AWS_REGION,
                KinesisConfig.AWS_ENDPOINT).contains(k));
        all.put(KinesisConfig.TYPE, "source");
        try {
            KinesisConfig config = KinesisConfig.read(new Options(NAME, all));
            try (KinesisClient client = KinesisClients.client(config, "test")) {
                StreamDescriptionSummary s = client.describeStreamSummary(b -> b.streamName(config.stream()))
                        .streamDescriptionSummary();
                return new TestResult(true, config.where() + " is " + s.streamStatusAsString() + " with "
                        + s.openShardCount() + " open shards");
            } catch (SdkException e) {
                return new TestResult(false, config.where() + " cannot be read: " + e.getMessage());
            }
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        KinesisConfig config = KinesisConfig.of(table.options());
        if (!config.source()) {
            throw new ConnectorException("kinesis table '" + table.name() + "' is a sink (type = 'sink'); it cannot be read");
        }
        PayloadDecoder decoder = new PayloadDecoder("kinesis table '" + table.name() + "'", table.schema(),
                JsonFormat.fromTableOptions(table.options()),
                BadData.parse(NAME, table.options().getOrDefault(BadData.OPTION, "fail")), Map.of());
        return new KinesisSource(table.name(), config, decoder);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        KinesisConfig config = KinesisConfig.of(table.options());
        if (config.source()) {
            throw new ConnectorException("kinesis table '" + table.name() + "' is a source (type = 'source'); it cannot be"
                    + " written");
        }
        return new KinesisSink(table.name(), config, table.schema(), JsonFormat.fromTableOptions(table.options()));
    }

    private static String resource(String name) {
        try (InputStream in = KinesisConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the kinesis bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
