package org.wadi.connector.kinesis.internal;

import org.wadi.formats.PayloadDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import org.osgi.service.component.annotations.Component;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.support.JsonTables;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TestResult;

/**
 * The {@code kinesis} connector, with Arroyo's options: a source reading an Amazon Kinesis Data
 * Stream exactly once (shard sequence numbers checkpointed) and a sink writing batches of records
 * with PutRecords, at least once, through the AWS SDK v2. {@code aws_endpoint} (ours) points it at
 * a Kinesis-compatible server. Payloads are JSON ({@code format = 'json'} or {@code 'debezium_json'}).
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + KinesisConnector.NAME)
public final class KinesisConnector implements Connector {

    static final String NAME = "kinesis";

    private static final JsonTables TABLES = new JsonTables(NAME);

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Kinesis", "",
            "Read and write Amazon Kinesis Data Streams (the source exactly once)", true, true,
            false, true, true, false, null, TABLES.resource(KinesisConnector.class, "table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        KinesisConfig config = KinesisConfig.read(request.options());
        return TABLES.declare(request, config.source(), config::putInto);
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
        TABLES.requireSource(table, config.source());
        PayloadDecoder decoder = TABLES.decoder(table);
        return new KinesisSource(table.name(), config, decoder);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        KinesisConfig config = KinesisConfig.of(table.options());
        TABLES.requireSink(table, config.source());
        return new KinesisSink(table.name(), config, table.schema(), JsonFormat.fromTableOptions(table.options()));
    }
}
