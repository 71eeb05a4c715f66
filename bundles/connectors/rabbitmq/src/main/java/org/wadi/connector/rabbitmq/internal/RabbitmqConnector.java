package org.wadi.connector.rabbitmq.internal;

import org.wadi.formats.PayloadDecoder;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.NoOffsetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "RabbitMQ", "",
            "Read RabbitMQ streams (exactly once) and classic queues, and publish to exchanges", true, true,
            false, true, true, false, null, resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        RabbitmqConfig config = RabbitmqConfig.read(options);
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        BadData badData = config.source() ? BadData.fromOptions(options) : null;
        options.checkAllKnown();
        if (!request.metadata().isEmpty()) {
            Map.Entry<String, String> first = request.metadata().entrySet().iterator().next();
            throw new ConnectorException("rabbitmq table '" + request.name() + "': column '" + first.getKey()
                    + "' asks for metadata key '" + first.getValue() + "', but connector 'rabbitmq' has no metadata keys");
        }
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("rabbitmq table '" + request.name() + "' needs its columns declared: CREATE TABLE "
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
        if (!config.source()) {
            throw new ConnectorException("rabbitmq table '" + table.name() + "' is a sink (type = 'sink'); it cannot be read");
        }
        PayloadDecoder decoder = new PayloadDecoder("rabbitmq table '" + table.name() + "'", table.schema(),
                JsonFormat.fromTableOptions(table.options()),
                BadData.parse(NAME, table.options().getOrDefault(BadData.OPTION, "fail")), Map.of());
        return config.streamSource() ? new StreamSource(table.name(), config, decoder)
                : new QueueSource(table.name(), config, decoder);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        RabbitmqConfig config = RabbitmqConfig.of(table.options());
        if (config.source()) {
            throw new ConnectorException("rabbitmq table '" + table.name() + "' is a source (type = 'source'); it cannot be"
                    + " written");
        }
        return new QueueSink(table.name(), config, table.schema(), JsonFormat.fromTableOptions(table.options()));
    }

    private static String resource(String name) {
        try (InputStream in = RabbitmqConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the rabbitmq bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
