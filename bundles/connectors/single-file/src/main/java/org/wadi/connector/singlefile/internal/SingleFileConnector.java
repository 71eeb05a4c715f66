package org.wadi.connector.singlefile.internal;

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
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.Schema;

/**
 * The {@code single_file} connector, as Arroyo's (hidden in the catalog, used by tests): reads one
 * file of JSON lines as a bounded source, or writes one as a sink. Every path goes through the
 * configured file roots ({@code FileAccess}). With {@code format = 'debezium_json'} the lines are
 * Debezium change events: a sink writes updating results so (a {@code json} sink refuses them),
 * and a source reads a changelog, emitting rows with {@code _op} before {@code _timestamp}: its
 * table, whose resolved {@code format} option is {@code debezium_json}, is an updating one.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + SingleFileConnector.NAME)
public final class SingleFileConnector implements Connector {

    static final String NAME = "single_file";
    static final String PATH = "path";
    static final String TYPE = "type";
    static final String WAIT_FOR_CONTROL = "wait_for_control";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Single File", "",
            "Read or write a single file of JSON lines", true, true, false, true, false, true, null,
            resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        String path = options.required(PATH);
        String type = options.required(TYPE).trim();
        if (!type.equals("source") && !type.equals("sink")) {
            throw new ConnectorException("Invalid value '" + type + "' for option 'type' of connector '" + NAME
                    + "': expected one of source, sink");
        }
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        boolean waitForControl = options.booleanValue(WAIT_FOR_CONTROL, true);
        BadData badData = BadData.fromOptions(options);
        options.checkAllKnown();

        boolean source = type.equals("source");
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (source && columns.size() == 0) {
            throw new ConnectorException("single_file source table '" + request.name()
                    + "' needs its columns declared: CREATE TABLE " + request.name() + " (col TYPE, …) WITH (…)");
        }
        if (request.files() != null) {
            // refuse paths outside the roots when the table is defined, not only when a job runs
            request.files().resolve(path);
        }

        Map<String, String> normalized = new LinkedHashMap<>();
        normalized.put(PATH, path);
        normalized.put(TYPE, type);
        format.putInto(normalized);
        normalized.put(WAIT_FOR_CONTROL, Boolean.toString(waitForControl));
        normalized.put(BadData.OPTION, badData.option());
        return new ConnectorTable(request.name(), NAME, normalized, columns,
                Set.of(source ? TableRole.SOURCE : TableRole.SINK), source);
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        if (!"source".equals(table.option(TYPE))) {
            throw new ConnectorException("single_file table '" + table.name() + "' is a sink (type = '"
                    + table.option(TYPE) + "'); it cannot be read");
        }
        JsonFormat format = JsonFormat.fromTableOptions(table.options());
        return new SingleFileSource(table.name(), table.option(PATH), table.schema(), format,
                !"false".equals(table.option(WAIT_FOR_CONTROL)),
                BadData.parse(NAME, table.options().getOrDefault(BadData.OPTION, "fail")));
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        if (!"sink".equals(table.option(TYPE))) {
            throw new ConnectorException("single_file table '" + table.name() + "' is a source (type = '"
                    + table.option(TYPE) + "'); it cannot be written");
        }
        return new SingleFileSink(table.name(), table.option(PATH), table.schema(),
                JsonFormat.fromTableOptions(table.options()));
    }

    private static String resource(String name) {
        try (InputStream in = SingleFileConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the single_file bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
