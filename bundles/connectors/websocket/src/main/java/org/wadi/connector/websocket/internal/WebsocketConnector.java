package org.wadi.connector.websocket.internal;

import org.wadi.formats.HttpOptions;
import org.wadi.formats.PayloadDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.Schema;

/**
 * The {@code websocket} connector, with Arroyo's options: a source reading the messages of a
 * WebSocket at {@code endpoint} ({@code ws://} or {@code wss://}), opened with the {@code headers}
 * given ({@code 'Name: value,Name2: value2'}; endpoint and headers may name environment variables
 * as {@code {{ VAR }}}), sending {@code subscription_messages.0}, {@code .1}, … (or the older
 * {@code subscription_message}) once connected. Each message is one message of {@code format}
 * ({@code json} or {@code debezium_json}); {@code bad_data} says what to do with one that cannot
 * be decoded.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + WebsocketConnector.NAME)
public final class WebsocketConnector implements Connector {

    static final String NAME = "websocket";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Websocket", "",
            "Connect to a Websocket server", true, false, false, true, true, false, null, resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        WebsocketConfig config = WebsocketConfig.read(options, HttpOptions.environment());
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        BadData badData = BadData.fromOptions(options);
        options.checkAllKnown();
        if (!request.metadata().isEmpty()) {
            throw new ConnectorException("websocket table '" + request.name() + "': connector 'websocket' has no "
                    + "metadata keys (METADATA FROM '" + request.metadata().values().iterator().next() + "')");
        }
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("websocket table '" + request.name() + "' needs its columns declared: CREATE "
                    + "TABLE " + request.name() + " (col TYPE, …) WITH (…)");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        config.putInto(normalized);
        format.putInto(normalized);
        normalized.put(BadData.OPTION, badData.option());
        return new ConnectorTable(request.name(), NAME, normalized, columns, Set.of(TableRole.SOURCE), false);
    }

    /** Opens the socket (without subscribing) and closes it again. */
    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String k : new String[] {HttpOptions.ENDPOINT, HttpOptions.HEADERS}) {
            if (table.containsKey(k)) {
                options.put(k, table.get(k));
            }
        }
        try {
            WebsocketConfig config = WebsocketConfig.read(new Options(NAME, options), HttpOptions.environment());
            WebsocketSource source = new WebsocketSource("test", config, null);
            source.connect();
            source.close();
            return new TestResult(true, "connected to " + config.rawEndpoint());
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        PayloadDecoder decoder = new PayloadDecoder("websocket table '" + table.name() + "'", table.schema(),
                JsonFormat.fromTableOptions(table.options()),
                BadData.parse(NAME, table.options().getOrDefault(BadData.OPTION, "fail")));
        return new WebsocketSource(table.name(), WebsocketConfig.of(table.options()), decoder);
    }

    private static String resource(String name) {
        try (InputStream in = WebsocketConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the websocket bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
