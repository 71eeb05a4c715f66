package org.wadi.connector.rabbitmq.internal;

import org.wadi.formats.PayloadDecoder;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.NoOffsetException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The {@code rabbitmq} connector. As Arroyo's: a source reading a RabbitMQ stream through the
 * Streams protocol ({@code stream}, {@code source.offset} first, last or next; exactly once, offsets
 * checkpointed), with Arroyo's connection options ({@code host}, {@code port}, {@code username},
 * {@code password}, {@code virtual_host}, {@code tls_config.*}, {@code load_balancer_mode}).
 * Beyond Arroyo, classic AMQP 0-9-1 queues ({@code amqp_port}): a source consuming {@code queue}
 * and a sink publishing to {@code exchange} with {@code routing_key}, both at least once. Payloads
 * are JSON ({@code format = 'json'} or {@code 'debezium_json'}).
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + RabbitmqConnector.NAME)
public final class RabbitmqConnector implements Connector {

    static final String NAME = "rabbitmq";

    private static final JsonTables TABLES = new JsonTables(NAME);

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "RabbitMQ", "",
            "Read RabbitMQ streams (exactly once) and classic queues, and publish to exchanges", true, true,
            false, true, true, false, null, TABLES.resource(RabbitmqConnector.class, "table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        RabbitmqConfig config = RabbitmqConfig.read(request.options());
        return TABLES.declare(request, config.source(), config::putInto);
    }

    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Map<String, String> m : List.of(profile, table)) {
            m.forEach((k, v) -> {
                if (RabbitmqConfig.CONNECTION_KEYS.contains(k) || k.equals(RabbitmqConfig.STREAM)
                        || k.equals(RabbitmqConfig.QUEUE)) {
                    all.put(k, v);
                }
            });
        }
        boolean source = all.containsKey(RabbitmqConfig.STREAM) || all.containsKey(RabbitmqConfig.QUEUE);
        all.put(RabbitmqConfig.TYPE, source ? "source" : "sink");
        if (!source) {
            all.put(RabbitmqConfig.ROUTING_KEY, "wadi.test");
        }
        RabbitmqConfig config;
        try {
            config = RabbitmqConfig.read(new Options(NAME, all));
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
        try {
            return config.streamSource() ? testStream(config) : testAmqp(config);
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
    }

    private static TestResult testStream(RabbitmqConfig config) throws ConnectorException {
        try (Environment environment = RabbitmqClients.environment(config, "test", "wadi_test")) {
            if (!environment.streamExists(config.stream())) {
                return new TestResult(false, "connected to " + config.address() + " but stream '" + config.stream()
                        + "' does not exist");
            }
            String where;
            try {
                where = "its last chunk starts at offset " + environment.queryStreamStats(config.stream())
                        .committedChunkId();
            } catch (NoOffsetException e) {
                where = "it is empty";
            } catch (RuntimeException e) {
                if (!StreamSource.olderThan311(e)) {
                    throw e;
                }
                where = "the broker (before 3.11) gives no statistics";
            }
            return new TestResult(true, "connected to " + config.address() + "; stream '" + config.stream() + "' exists, "
                    + where);
        } catch (RuntimeException e) {
            return new TestResult(false, "connected to " + config.address() + " but stream '" + config.stream()
                    + "' cannot be read: " + RabbitmqClients.message(e));
        }
    }

    private static TestResult testAmqp(RabbitmqConfig config) throws ConnectorException {
        Connection connection = RabbitmqClients.amqp(config, "test", "wadi_test");
        try {
            if (config.queue() == null) {
                return new TestResult(true, "connected to " + config.address());
            }
            Channel channel = connection.createChannel();
            long messages = channel.queueDeclarePassive(config.queue()).getMessageCount();
            return new TestResult(true, "connected to " + config.address() + "; queue '" + config.queue() + "' holds "
                    + messages + " messages");
        } catch (IOException | RuntimeException e) {
            return new TestResult(false, "connected to " + config.address() + " but queue '" + config.queue()
                    + "' cannot be read: " + QueueSource.reason(e));
        } finally {
            RabbitmqClients.close(connection);
        }
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        RabbitmqConfig config = RabbitmqConfig.of(table.options());
        TABLES.requireSource(table, config.source());
        PayloadDecoder decoder = TABLES.decoder(table);
        return config.streamSource() ? new StreamSource(table.name(), config, decoder)
                : new QueueSource(table.name(), config, decoder);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        RabbitmqConfig config = RabbitmqConfig.of(table.options());
        TABLES.requireSink(table, config.source());
        return new QueueSink(table.name(), config, table.schema(), JsonFormat.fromTableOptions(table.options()));
    }
}
