package org.wadi.connector.blackhole.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * The {@code blackhole} connector: a sink that swallows every row (counting them), for
 * benchmarks and tests, as Arroyo's. It takes no options; a {@code format} option, which Arroyo
 * accepts on every table, is accepted and ignored, and updating results are swallowed as well.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + BlackholeConnector.NAME)
public final class BlackholeConnector implements Connector {

    static final String NAME = "blackhole";

    private static final Logger LOG = LoggerFactory.getLogger(BlackholeConnector.class);

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Blackhole", "",
            "No-op sink that swallows all data", false, true, false, true, false, false, null,
            "{\"type\": \"object\", \"title\": \"BlackholeTable\", \"properties\": {}, \"additionalProperties\": false}");

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        options.optional("format");
        options.checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        Map<String, String> normalized = new LinkedHashMap<>();
        return new ConnectorTable(request.name(), NAME, normalized, columns, Set.of(TableRole.SINK), false);
    }

    @Override
    public Sink createSink(ConnectorTable table) {
        return new BlackholeSink();
    }

    /**
     * Discards rows; counts them so that the log says how many went in. Updating results are
     * taken as they come (whatever the {@code format}, which it ignores) and also counted by kind.
     */
    static final class BlackholeSink implements Sink {
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLongArray kinds = new AtomicLongArray(RowKind.DELETE + 1);
        private boolean updating;
        private String task = "";

        @Override
        public void open(SinkContext context, byte[] restoredState) {
            task = context.task().operatorId() + "/" + context.task().subtaskIndex();
            updating = context.updating();
        }

        @Override
        public void write(Object[] row) {
            rows.incrementAndGet();
            // an updating row is the columns, _op, then _timestamp
            if (updating && row.length >= 2 && row[row.length - 2] instanceof Integer kind
                    && kind >= 0 && kind < kinds.length()) {
                kinds.incrementAndGet(kind);
            }
        }

        @Override
        public void close() {
            if (updating) {
                LOG.debug("blackhole {} discarded {} rows: {} inserts, {} old and {} new rows of updates, {} deletes",
                        task, rows.get(), changes(RowKind.INSERT), changes(RowKind.UPDATE_BEFORE),
                        changes(RowKind.UPDATE_AFTER), changes(RowKind.DELETE));
            } else {
                LOG.debug("blackhole {} discarded {} rows", task, rows.get());
            }
        }

        /** How many rows were written. */
        long rows() {
            return rows.get();
        }

        /** How many updating rows of this {@link RowKind} were written. */
        long changes(int kind) {
            return kinds.get(kind);
        }
    }
}
