package org.wadi.connector.pollinghttp.internal;

import java.util.ArrayList;
import java.util.List;
import org.wadi.formats.BadData;
import org.wadi.formats.DebeziumJsonDecoder;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowDecoder;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * Turns received messages into rows of a table: one JSON object per message ({@code format =
 * 'json'}), or one Debezium change event giving changelog rows ({@code format = 'debezium_json'}:
 * the columns, {@code _op}, then {@code _timestamp}). A message that cannot be decoded fails the
 * source, or is counted and skipped with {@code bad_data = 'drop'}. Not thread-safe: one per subtask.
 */
final class PayloadDecoder {

    private final String where;
    private final BadData badData;
    private final JsonRowDecoder rows;
    private final DebeziumJsonDecoder changes;
    private final int width;
    private long dropped;

    /**
     * @param where the table and connector, for messages (e.g. {@code "sse table 'events'"})
     * @param schema the table's visible columns
     */
    PayloadDecoder(String where, Schema schema, JsonFormat format, BadData badData) {
        this.where = where;
        this.badData = badData;
        Schema visible = schema.visible();
        width = visible.size();
        rows = format.debezium() ? null : new JsonRowDecoder(visible);
        changes = format.debezium() ? new DebeziumJsonDecoder(visible) : null;
    }

    /** How many messages were skipped ({@code bad_data = 'drop'}). */
    long dropped() {
        return dropped;
    }

    /**
     * Decodes one message and emits its rows.
     *
     * @param timestamp the event time, nanoseconds since the epoch
     * @param what the message, for error messages (e.g. {@code "event id 12"})
     * @return whether rows were emitted (false when the message was dropped)
     * @throws ConnectorException when the message is invalid and {@code bad_data} is {@code fail}
     */
    boolean decode(String text, long timestamp, String what, Collector out) throws ConnectorException {
        try {
            if (rows != null) {
                out.collect(row(rows.decode(text), -1, timestamp));
            } else {
                List<Object[]> pending = new ArrayList<>(2);
                changes.decode(text, -1, (kind, values) -> pending.add(row(values, kind, timestamp)));
                pending.forEach(out::collect);
            }
            return true;
        } catch (ConnectorException e) {
            if (badData == BadData.FAIL) {
                throw new ConnectorException(where + ", " + what + ": " + e.getMessage()
                        + " (set bad_data = 'drop' to skip such messages)", e);
            }
            dropped++;
            return false;
        }
    }

    private Object[] row(Object[] values, int kind, long timestamp) {
        Object[] row = new Object[width + (kind < 0 ? 1 : 2)];
        System.arraycopy(values, 0, row, 0, width);
        if (kind >= 0) {
            row[width] = RowKind.of(kind);
        }
        row[row.length - 1] = timestamp;
        return row;
    }
}
