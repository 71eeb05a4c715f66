package org.wadi.connector.kafka.internal;

import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TestResult;

/**
 * The {@code confluent} connector, as Arroyo's: the kafka connector for Confluent Cloud, which
 * authenticates with an API {@code key} and {@code secret} (SASL_SSL with PLAIN) instead of the
 * {@code auth.*} options; everything else (tables, Schema Registry) is the kafka connector's.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + ConfluentConnector.NAME)
public final class ConfluentConnector implements Connector {

    static final String NAME = "confluent";

    private final KafkaConnector kafka = new KafkaConnector(NAME, new ConnectorMetadata(NAME, "Confluent Cloud", "",
            "Read and write from a Confluent Cloud cluster", true, true, false, true, true, false,
            KafkaConnector.resource("confluent-profile.json"), KafkaConnector.resource("table.json")), true);

    @Override
    public ConnectorMetadata metadata() {
        return kafka.metadata();
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        return kafka.table(request);
    }

    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        return kafka.test(profile, table);
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        return kafka.createSource(table);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        return kafka.createSink(table);
    }
}
