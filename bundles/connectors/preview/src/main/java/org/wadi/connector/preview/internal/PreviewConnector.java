package org.wadi.connector.preview.internal;

import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.Schema;

/**
 * The {@code preview} connector: the sink a previewed query writes to, hidden from the catalog as
 * in Arroyo. Its columns are the query's output columns, given as the declared columns; each row
 * goes to the controller as a JSON object through {@code SinkContext.sendOutput}, in small
 * batches. It takes no options.
 *
 * <p>Appended rows are sent as the json format encodes them ({@code {"k":"a","c":1}}). Updating
 * results are sent as Debezium change events, as Arroyo's preview sends them, so that a client
 * can apply them to the table it shows: {@code {"before":null,"after":{…},"op":"c"}} adds a row,
 * {@code {"before":{…},"after":{…},"op":"u"}} replaces the row equal to {@code before} with
 * {@code after}, and {@code {"before":{…},"after":null,"op":"d"}} removes the row equal to
 * {@code before}.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + PreviewConnector.NAME)
public final class PreviewConnector implements Connector {

    static final String NAME = "preview";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Preview", "",
            "Preview outputs in the console", false, true, false, false, false, true, null,
            "{\"type\": \"object\", \"title\": \"PreviewTable\", \"properties\": {}, \"additionalProperties\": false}");

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        request.options().checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("preview table '" + request.name()
                    + "' needs the query's output columns as its declared columns");
        }
        return new ConnectorTable(request.name(), NAME, Map.of(), columns, Set.of(TableRole.SINK), false);
    }

    @Override
    public Sink createSink(ConnectorTable table) {
        return new PreviewSink(table.schema());
    }
}
