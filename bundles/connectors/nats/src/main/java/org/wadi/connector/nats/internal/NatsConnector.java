package org.wadi.connector.nats.internal;

import org.wadi.formats.PayloadDecoder;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.RowFormat;
import org.wadi.formats.SchemaResolver;
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
 * The {@code nats} connector, with Arroyo's options: sources reading a JetStream stream
 * ({@code stream}, {@code consumer.*}; exactly once, positions checkpointed) or a core NATS
 * subject ({@code subject}; at most once), and sinks publishing to a subject. Servers in
 * {@code servers}; {@code auth.type = 'credentials'} with {@code auth.username} and
 * {@code auth.password}. Payloads are JSON ({@code format = 'json'} or {@code 'debezium_json'}).
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + NatsConnector.NAME)
public final class NatsConnector implements Connector {

    static final String NAME = "nats";

    private static final JsonTables TABLES = new JsonTables(NAME);

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Nats", "",
            "Read and write from a NATS cluster: JetStream streams (exactly once) and core NATS subjects", true, true,
            false, true, true, false, null, TABLES.resource(NatsConnector.class, "table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        NatsConfig config = NatsConfig.read(request.options());
        return TABLES.declare(request, config.source(), config::putInto);
    }

    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Map<String, String> m : List.of(profile, table)) {
            m.forEach((k, v) -> {
                if (NatsConfig.CONNECTION_KEYS.contains(k) || k.equals(NatsConfig.STREAM)) {
                    all.put(k, v);
                }
            });
        }
        String stream = all.get(NatsConfig.STREAM);
        all.put(NatsConfig.TYPE, stream == null ? "sink" : "source");
        if (stream == null) {
            all.put(NatsConfig.SUBJECT, "wadi.test");
        }
        NatsConfig config;
        try {
            config = NatsConfig.read(new Options(NAME, all));
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
        Connection connection = null;
        try {
            connection = NatsClients.connect(config, "test", "wadi_test");
            String server = connection.getConnectedUrl();
            if (stream != null) {
                long messages = connection.getStreamContext(stream).getStreamInfo().getStreamState().getMsgCount();
                return new TestResult(true, "connected to " + server + "; stream '" + stream + "' holds " + messages
                        + " messages");
            }
            return new TestResult(true, "connected to " + server);
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        } catch (JetStreamApiException | IOException e) {
            return new TestResult(false, "connected to " + String.join(",", config.servers()) + " but stream '" + stream
                    + "' cannot be read: " + e.getMessage());
        } finally {
            NatsClients.close(connection);
        }
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        NatsConfig config = NatsConfig.of(table.options());
        TABLES.requireSource(table, config.source());
        // dropped records go to the runtime's count and the job's errors
        ContextBadData bad = new ContextBadData();
        PayloadDecoder decoder = new PayloadDecoder("nats table '" + table.name() + "'", table.schema(),
                RowFormat.of(JsonFormat.fromTableOptions(table.options())), null,
                TABLES.badData(table), bad, SchemaResolver.NONE, Map.of());
        return bad.around(config.jetStream() ? new JetStreamSource(table.name(), config, decoder)
                : new CoreNatsSource(table.name(), config, decoder));
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        NatsConfig config = NatsConfig.of(table.options());
        TABLES.requireSink(table, config.source());
        return new NatsSink(table.name(), config, table.schema(), JsonFormat.fromTableOptions(table.options()));
    }
}
