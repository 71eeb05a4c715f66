package org.wadi.connector.stdout.internal;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Component;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.Schema;

/**
 * The {@code stdout} connector: a sink printing each row as a JSON line on the process's standard
 * output, as Arroyo's. {@code format} may be given, {@code json} or {@code debezium_json}, with the
 * {@code json.*} options. Without it the sink prints what it receives as it best can: appended
 * rows as plain JSON (Arroyo's operator falls back to {@code json}), updating results as Debezium
 * change events; the resolved table then has no {@code format} option, so that the planner lets
 * updating results in. With {@code format = 'json'} it refuses updating results, as every sink of
 * a plain format does.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + StdoutConnector.NAME)
public final class StdoutConnector implements Connector {

    static final String NAME = "stdout";

    private final Supplier<PrintStream> stdout;
    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "StdOut", "", "Write outputs to stdout",
            false, true, false, true, false, false, null,
            "{\"type\": \"object\", \"title\": \"StdoutTable\", \"properties\": {"
                    + "\"format\": {\"type\": \"string\", \"title\": \"Format\","
                    + " \"enum\": [\"json\", \"debezium_json\"]},"
                    + "\"json.timestamp_format\": {\"type\": \"string\", \"title\": \"Timestamp format\","
                    + " \"enum\": [\"rfc3339\", \"unix_millis\"]},"
                    + "\"json.decimal_encoding\": {\"type\": \"string\", \"title\": \"Decimal encoding\","
                    + " \"enum\": [\"number\", \"string\", \"bytes\"]}},"
                    + " \"additionalProperties\": false}");

    /** Prints to {@code System.out}, looked up when each sink opens. */
    public StdoutConnector() {
        this(() -> System.out);
    }

    /** Prints to the given stream (tests). */
    StdoutConnector(Supplier<PrintStream> stdout) {
        this.stdout = stdout;
    }

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        Optional<JsonFormat> given = JsonFormat.fromOptions(options, false);
        options.checkAllKnown();
        Map<String, String> normalized = new LinkedHashMap<>();
        given.orElse(JsonFormat.DEFAULT).putInto(normalized);
        if (given.isEmpty()) {
            normalized.remove(JsonFormat.FORMAT);
        }
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        return new ConnectorTable(request.name(), NAME, normalized, columns, Set.of(TableRole.SINK), false);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        return new StdoutSink(table.name(), table.schema(), JsonFormat.fromTableOptions(table.options()),
                table.option(JsonFormat.FORMAT) != null, stdout);
    }
}
