package org.wadi.formats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * Turns message payloads into rows of a table: one JSON object per message ({@code format =
 * 'json'}), or one Debezium change event giving changelog rows ({@code format = 'debezium_json'}:
 * the columns, {@code _op}, then {@code _timestamp}). Metadata columns ({@code METADATA FROM
 * 'key'}) are not read from the payload but filled from the message. A payload that cannot be
 * decoded fails the source, or is counted and skipped with {@code bad_data = 'drop'}. Not
 * thread-safe: one per subtask. Shared by the message connectors (nats, mqtt, sse, websocket,
 * polling_http).
 */
public final class PayloadDecoder {

    /** The value of a metadata key for the message being decoded. */
    @FunctionalInterface
    public interface Metadata {

        /** No metadata: for tables without metadata columns. */
        Metadata NONE = key -> null;

        Object value(String key);
    }

    private final String where;
    private final BadData badData;
    private final JsonRowDecoder rows;
    private final DebeziumJsonDecoder changes;
    private final int width;
    /** For each visible column: its position among the decoded values, or -1 for a metadata column. */
    private final int[] decodedAt;
    /** For each visible column: its metadata key, or null. */
    private final String[] metadataKeys;
    private long dropped;

    /**
     * @param where the table and connector, for messages ({@code "nats table 'orders'"})
     * @param schema the table's visible columns, metadata columns included
     * @param metadata metadata column name to key
     */
    public PayloadDecoder(String where, Schema schema, JsonFormat format, BadData badData, Map<String, String> metadata) {
        this.where = where;
        this.badData = badData;
        Schema visible = schema.visible();
        width = visible.size();
        decodedAt = new int[width];
        metadataKeys = new String[width];
        List<Field> decoded = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            Field f = visible.field(i);
            String key = metadata.get(f.name());
            if (key != null) {
                metadataKeys[i] = key;
                decodedAt[i] = -1;
            } else {
                decodedAt[i] = decoded.size();
                decoded.add(f);
            }
        }
        Schema payloadSchema = new Schema(decoded);
        rows = format.debezium() ? null : new JsonRowDecoder(payloadSchema);
        changes = format.debezium() ? new DebeziumJsonDecoder(payloadSchema) : null;
    }

    /** A decoder for a table without metadata columns. */
    public PayloadDecoder(String where, Schema schema, JsonFormat format, BadData badData) {
        this(where, schema, format, badData, Map.of());
    }

    /** How many payloads were skipped ({@code bad_data = 'drop'}). */
    public long dropped() {
        return dropped;
    }

    /**
     * Decodes one payload and emits its rows.
     *
     * @param timestamp the event time, nanoseconds since the epoch
     * @param what the message, for error messages ({@code "stream sequence 12"})
     * @return whether rows were emitted (false when the payload was dropped)
     * @throws ConnectorException when the payload is invalid and {@code bad_data} is {@code fail}
     */
    public boolean decode(byte[] payload, long timestamp, Metadata metadata, String what, Collector out)
            throws ConnectorException {
        return decode(new String(payload, StandardCharsets.UTF_8), timestamp, metadata, what, out);
    }

    /** Decodes one text message of a table without metadata columns; see {@link #decode(byte[], long, Metadata, String, Collector)}. */
    public boolean decode(String text, long timestamp, String what, Collector out) throws ConnectorException {
        return decode(text, timestamp, Metadata.NONE, what, out);
    }

    /** Decodes one text message; see {@link #decode(byte[], long, Metadata, String, Collector)}. */
    public boolean decode(String text, long timestamp, Metadata metadata, String what, Collector out)
            throws ConnectorException {
        try {
            if (rows != null) {
                Object[] values = rows.decode(text);
                out.collect(row(values, metadata, -1, timestamp));
            } else {
                List<Object[]> pending = new ArrayList<>(2);
                changes.decode(text, -1, (kind, values) -> pending.add(row(values, metadata, kind, timestamp)));
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

    private Object[] row(Object[] values, Metadata metadata, int kind, long timestamp) {
        Object[] row = new Object[width + (kind < 0 ? 1 : 2)];
        for (int i = 0; i < width; i++) {
            row[i] = decodedAt[i] < 0 ? metadata.value(metadataKeys[i]) : values[decodedAt[i]];
        }
        if (kind >= 0) {
            row[width] = RowKind.of(kind);
        }
        row[row.length - 1] = timestamp;
        return row;
    }
}
