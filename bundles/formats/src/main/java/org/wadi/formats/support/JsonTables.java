package org.wadi.formats.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.wadi.formats.BadData;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.PayloadDecoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.Schema;

/**
 * The table plumbing of a connector whose tables are either a source or a sink of JSON payloads
 * ({@code format = 'json'} or {@code 'debezium_json'}) with declared columns and no metadata
 * columns: the checks and resolved options of {@code Connector.table}, the role checks of
 * {@code createSource}/{@code createSink}, the source's payload decoder and the bundle's
 * resources. Errors begin with the connector's name and the table's: {@code "nats table 't' …"}.
 */
public final class JsonTables {

    private final String connector;

    /** @param connector the connector's name, as users write it in {@code connector = '…'} */
    public JsonTables(String connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * The resolved table, once the connector has read its own options from {@code request.options()}:
     * reads the format options (and {@code bad_data} for a source), refuses unknown options,
     * metadata columns and a table without columns, and records the connector's options
     * ({@code connectorOptions}), then the format's, in the table's options.
     *
     * @param source whether the table is a source (else a sink)
     * @param connectorOptions puts the connector's own resolved options into the map it is given
     */
    public ConnectorTable declare(TableRequest request, boolean source, Consumer<Map<String, String>> connectorOptions)
            throws ConnectorException {
        Options options = request.options();
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        BadData badData = source ? BadData.fromOptions(options) : null;
        options.checkAllKnown();
        if (!request.metadata().isEmpty()) {
            Map.Entry<String, String> first = request.metadata().entrySet().iterator().next();
            throw new ConnectorException(connector + " table '" + request.name() + "': column '" + first.getKey()
                    + "' asks for metadata key '" + first.getValue() + "', but connector '" + connector
                    + "' has no metadata keys");
        }
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException(connector + " table '" + request.name() + "' needs its columns declared:"
                    + " CREATE TABLE " + request.name() + " (col TYPE, …) WITH (…)");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        connectorOptions.accept(normalized);
        format.putInto(normalized);
        if (badData != null) {
            normalized.put(BadData.OPTION, badData.option());
        }
        return new ConnectorTable(request.name(), connector, normalized, columns,
                Set.of(source ? TableRole.SOURCE : TableRole.SINK), false);
    }

    /** @throws ConnectorException when the table is a sink ({@code source} false): it cannot be read */
    public void requireSource(ConnectorTable table, boolean source) throws ConnectorException {
        if (!source) {
            throw new ConnectorException(connector + " table '" + table.name() + "' is a sink (type = 'sink'); it"
                    + " cannot be read");
        }
    }

    /** @throws ConnectorException when the table is a source ({@code source} true): it cannot be written */
    public void requireSink(ConnectorTable table, boolean source) throws ConnectorException {
        if (source) {
            throw new ConnectorException(connector + " table '" + table.name() + "' is a source (type = 'source'); it"
                    + " cannot be written");
        }
    }

    /** The {@code bad_data} setting a source table resolved by {@link #declare} carries ({@code fail} when absent). */
    public BadData badData(ConnectorTable table) throws ConnectorException {
        return BadData.parse(connector, table.options().getOrDefault(BadData.OPTION, "fail"));
    }

    /** The decoder of a source table resolved by {@link #declare}: its JSON format, columns and {@code bad_data}. */
    public PayloadDecoder decoder(ConnectorTable table) throws ConnectorException {
        return new PayloadDecoder(connector + " table '" + table.name() + "'", table.schema(),
                JsonFormat.fromTableOptions(table.options()), badData(table), Map.of());
    }

    /**
     * The text of a resource of the connector's bundle (its JSON Schemas), beside {@code owner}.
     *
     * @throws IllegalStateException when the bundle lacks it: a packaging error
     */
    public String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the " + connector + " bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
