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
 * Turns message payloads into rows of a table, in any {@link RowFormat}: {@code json} (one
 * object per message), {@code debezium_json} (a change event giving changelog rows: the columns,
 * {@code _op}, then {@code _timestamp}), {@code avro}, {@code protobuf}, {@code raw_string},
 * {@code raw_bytes}; with {@code framing = 'newline'} each line of a payload is one record.
 * Metadata columns ({@code METADATA FROM 'key'}) are not read from the payload but filled from the
 * message. A record that cannot be decoded fails the source with a message naming the table, the
 * message and the line, or, with {@code bad_data = 'drop'}, is skipped, counted ({@link
 * #dropped()}) and reported to the {@link BadDataCounter}. Not thread-safe: one per subtask.
 * Shared by the message connectors (nats, mqtt, sse, websocket, polling_http).
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
    private final BadDataCounter counter;
    private final Framing framing;
    private final RowDecoder decoder;
    private final int width;
    /** For each visible column: its position among the decoded values, or -1 for a metadata column. */
    private final int[] decodedAt;
    /** For each visible column: its metadata key, or null. */
    private final String[] metadataKeys;
    private final List<Object[]> pending = new ArrayList<>(2);
    private long dropped;
    private long timestamp;
    private Metadata metadata;

    /**
     * A decoder of any format.
     *
     * @param where the table and connector, for messages ({@code "nats table 'orders'"})
     * @param schema the table's visible columns, metadata columns included
     * @param format the table's format ({@link RowFormat#fromOptions})
     * @param framing {@code framing = 'newline'}, or {@code null} when each message is one record
     * @param badData what to do with a record that cannot be decoded
     * @param counter told of each dropped record ({@link BadDataCounter#NONE} if unused)
     * @param registry resolves Confluent schema ids ({@link SchemaResolver#NONE} without a registry)
     * @param metadata metadata column name to key
     * @throws ConnectorException when the format does not suit the columns or its schema is invalid
     */
    public PayloadDecoder(String where, Schema schema, RowFormat format, Framing framing, BadData badData,
            BadDataCounter counter, SchemaResolver registry, Map<String, String> metadata) throws ConnectorException {
        this.where = where;
        this.badData = badData;
        this.counter = counter == null ? BadDataCounter.NONE : counter;
        this.framing = framing;
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
        try {
            format.checkColumns(where, payloadSchema);
            decoder = RowDecoder.create(payloadSchema, format, registry == null ? SchemaResolver.NONE : registry);
        } catch (ConnectorException e) {
            throw new ConnectorException(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param where the table and connector, for messages ({@code "nats table 'orders'"})
     * @param schema the table's visible columns, metadata columns included
     * @param metadata metadata column name to key
     */
    public PayloadDecoder(String where, Schema schema, JsonFormat format, BadData badData, Map<String, String> metadata) {
        this(unchecked(where, schema, RowFormat.of(format), badData, metadata));
    }

    private PayloadDecoder(PayloadDecoder other) {
        this.where = other.where;
        this.badData = other.badData;
        this.counter = other.counter;
        this.framing = other.framing;
        this.decoder = other.decoder;
        this.width = other.width;
        this.decodedAt = other.decodedAt;
        this.metadataKeys = other.metadataKeys;
    }

    private static PayloadDecoder unchecked(String where, Schema schema, RowFormat format, BadData badData,
            Map<String, String> metadata) {
        try {
            return new PayloadDecoder(where, schema, format, null, badData, BadDataCounter.NONE, SchemaResolver.NONE,
                    metadata);
        } catch (ConnectorException e) {
            // JSON decoders have no schema to check but json.unstructured's column
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A decoder for a table without metadata columns. */
    public PayloadDecoder(String where, Schema schema, JsonFormat format, BadData badData) {
        this(where, schema, format, badData, Map.of());
    }

    /** How many records were skipped ({@code bad_data = 'drop'}). */
    public long dropped() {
        return dropped;
    }

    /**
     * Decodes one payload and emits its rows.
     *
     * @param timestamp the event time, nanoseconds since the epoch
     * @param what the message, for error messages ({@code "stream sequence 12"}, {@code "topic t
     *     partition 0 offset 12"}, {@code "file a.json"})
     * @return whether every record of the payload was decoded (false when one was dropped)
     * @throws ConnectorException when a record is invalid and {@code bad_data} is {@code fail},
     *     naming the table, {@code what} and, with framing, the line
     */
    public boolean decode(byte[] payload, long timestamp, Metadata metadata, String what, Collector out)
            throws ConnectorException {
        this.timestamp = timestamp;
        this.metadata = metadata;
        if (framing == null) {
            return record(payload, null, what, out);
        }
        boolean all = true;
        for (Framing.Line line : framing.lines(payload)) {
            if (line.bytes() == null) {
                all &= bad(what + ", line " + line.number(), framing.tooLong(line), out);
            } else {
                all &= record(line.bytes(), null, what + ", line " + line.number(), out);
            }
        }
        return all;
    }

    /** Decodes one text message of a table without metadata columns; see {@link #decode(byte[], long, Metadata, String, Collector)}. */
    public boolean decode(String text, long timestamp, String what, Collector out) throws ConnectorException {
        return decode(text, timestamp, Metadata.NONE, what, out);
    }

    /** Decodes one text message; see {@link #decode(byte[], long, Metadata, String, Collector)}. */
    public boolean decode(String text, long timestamp, Metadata metadata, String what, Collector out)
            throws ConnectorException {
        if (framing != null) {
            return decode(text.getBytes(StandardCharsets.UTF_8), timestamp, metadata, what, out);
        }
        this.timestamp = timestamp;
        this.metadata = metadata;
        return record(null, text, what, out);
    }

    private boolean record(byte[] bytes, String text, String what, Collector out) throws ConnectorException {
        pending.clear();
        try {
            RowDecoder.Rows rows = (kind, values) -> pending.add(row(values, kind));
            if (text != null) {
                decoder.decode(text, rows);
            } else {
                decoder.decode(bytes, rows);
            }
        } catch (ConnectorException e) {
            return bad(what, e, out);
        } catch (RuntimeException e) {
            // a library's unchecked error on malformed input is bad data too
            return bad(what, new ConnectorException("Invalid record: " + (e.getMessage() == null
                    ? "the decoder could not read it" : e.getMessage()), e), out);
        }
        pending.forEach(out::collect);
        return true;
    }

    private boolean bad(String what, ConnectorException e, Collector out) throws ConnectorException {
        if (badData == BadData.FAIL) {
            throw new ConnectorException(where + ", " + what + ": " + e.getMessage()
                    + " (set bad_data = 'drop' to skip such messages)", e);
        }
        dropped++;
        counter.dropped(where + ", " + what, e.getMessage());
        return false;
    }

    private Object[] row(Object[] values, int kind) {
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
