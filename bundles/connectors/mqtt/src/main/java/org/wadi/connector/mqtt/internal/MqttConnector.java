package org.wadi.connector.mqtt.internal;

import org.wadi.formats.PayloadDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
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
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * The {@code mqtt} connector, with Arroyo's options: a source subscribing to a topic filter and a
 * sink publishing to a topic ({@code url}, {@code topic}, {@code qos}, {@code username},
 * {@code password}, {@code client_prefix}, {@code max_packet_size}, {@code tls.ca},
 * {@code tls.cert}, {@code tls.key}, {@code sink.retain}), over MQTT 5. Source tables may declare
 * {@code METADATA FROM 'topic'} columns. Payloads are JSON ({@code format = 'json'} or
 * {@code 'debezium_json'}).
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + MqttConnector.NAME)
public final class MqttConnector implements Connector {

    static final String NAME = "mqtt";
    /** Resolved tables record each metadata column as {@code metadata.<column> = <key>}. */
    static final String METADATA_PREFIX = "metadata.";
    /** The metadata keys a source fills. */
    static final List<String> METADATA_KEYS = List.of("topic");

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Mqtt", "",
            "Read and write from a mqtt cluster", true, true, false, true, true, false, null, resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        MqttConfig config = MqttConfig.read(options);
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        BadData badData = config.source() ? BadData.fromOptions(options) : null;
        options.checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("mqtt table '" + request.name() + "' needs its columns declared: CREATE TABLE "
                    + request.name() + " (col TYPE, …) WITH (…)");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : request.metadata().entrySet()) {
            String column = m.getKey();
            String key = m.getValue();
            if (!config.source()) {
                throw new ConnectorException("mqtt table '" + request.name() + "' is a sink; metadata columns ('"
                        + column + "' METADATA FROM '" + key + "') are read by sources only");
            }
            if (!METADATA_KEYS.contains(key)) {
                throw new ConnectorException("mqtt table '" + request.name() + "': column '" + column
                        + "' asks for metadata key '" + key + "', which connector 'mqtt' does not have; its keys: "
                        + String.join(", ", METADATA_KEYS));
            }
            Optional<Field> field = columns.find(column);
            if (field.isEmpty()) {
                throw new ConnectorException("mqtt table '" + request.name() + "' has no column '" + column
                        + "' for metadata key '" + key + "'");
            }
            if (field.get().type().id() != TypeId.UTF8) {
                throw new ConnectorException("mqtt table '" + request.name() + "': metadata column '" + column
                        + "' (FROM '" + key + "') must be TEXT, not " + field.get().type());
            }
            normalized.put(METADATA_PREFIX + column, key);
        }
        if (request.metadata().size() == columns.size()) {
            throw new ConnectorException("mqtt table '" + request.name() + "' needs at least one column read from the"
                    + " payload besides its metadata columns");
        }
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
                if (MqttConfig.CONNECTION_KEYS.contains(k)) {
                    all.put(k, v);
                }
            });
        }
        all.put(MqttConfig.TYPE, "sink");
        all.put(MqttConfig.TOPIC, "wadi-test");
        MqttConfig config;
        try {
            config = MqttConfig.read(new Options(NAME, all));
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
        MqttAsyncClient client = null;
        try {
            client = MqttClients.connect(config, "test", 0, new Quiet()).client();
            return new TestResult(true, "connected to " + config.shownUrl());
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        } finally {
            MqttClients.close(client);
        }
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        MqttConfig config = MqttConfig.of(table.options());
        if (!config.source()) {
            throw new ConnectorException("mqtt table '" + table.name() + "' is a sink (type = 'sink'); it cannot be read");
        }
        Map<String, String> metadataColumns = new LinkedHashMap<>();
        table.options().forEach((k, v) -> {
            if (k.startsWith(METADATA_PREFIX)) {
                metadataColumns.put(k.substring(METADATA_PREFIX.length()), v);
            }
        });
        PayloadDecoder decoder = new PayloadDecoder("mqtt table '" + table.name() + "'", table.schema(),
                JsonFormat.fromTableOptions(table.options()),
                BadData.parse(NAME, table.options().getOrDefault(BadData.OPTION, "fail")), metadataColumns);
        return new MqttSource(table.name(), config, decoder);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        MqttConfig config = MqttConfig.of(table.options());
        if (config.source()) {
            throw new ConnectorException("mqtt table '" + table.name() + "' is a source (type = 'source'); it cannot be"
                    + " written");
        }
        return new MqttSink(table.name(), config, table.schema(), JsonFormat.fromTableOptions(table.options()));
    }

    /** A callback for connection tests, which receive nothing. */
    private static final class Quiet implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private static String resource(String name) {
        try (InputStream in = MqttConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the mqtt bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
