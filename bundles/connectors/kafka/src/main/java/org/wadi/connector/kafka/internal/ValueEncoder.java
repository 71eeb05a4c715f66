package org.wadi.connector.kafka.internal;

import java.nio.charset.StandardCharsets;
import org.wadi.formats.DebeziumJsonEncoder;
import org.wadi.formats.RowEncoder;
import org.wadi.formats.RowFormat;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Schema;

/**
 * Turns rows into record values in the table's format, through the shared formats: Debezium
 * change events for {@code debezium_json} (which may hold an update's old row back until its new
 * one comes), one value per row for every other writable format ({@link RowEncoder}: {@code json}
 * with its options and Confluent's header, {@code avro}, {@code raw_string}, {@code raw_bytes}).
 * Each value is given with the row it came from, which places it (key, timestamp). Not
 * thread-safe.
 */
final class ValueEncoder {

    /** Receives each value and the row it came from. */
    @FunctionalInterface
    interface Values {
        void value(byte[] value, Object[] row) throws Exception;
    }

    private final RowEncoder rows;
    private final DebeziumJsonEncoder changes;
    private Values target;
    private final DebeziumJsonEncoder.Events events = (text, row) -> target.value(
            text.getBytes(StandardCharsets.UTF_8), row);

    /**
     * @param schemaId the registered schema's id when values carry Confluent's header, else -1
     * @param updating whether rows carry {@code _op} (a changelog, written as Debezium events)
     * @throws ConnectorException when the format cannot be written or does not suit the columns
     */
    ValueEncoder(Schema columns, RowFormat format, boolean updating, int schemaId) throws ConnectorException {
        this.changes = format.debezium() ? new DebeziumJsonEncoder(columns, format.json(), updating) : null;
        this.rows = format.debezium() ? null : RowEncoder.create(columns, format, schemaId);
    }

    void encode(Object[] row, Values out) throws Exception {
        if (changes != null) {
            target = out;
            changes.encode(row, events);
        } else {
            out.value(rows.encode(row), row);
        }
    }

    /** Writes what the encoder holds back (an update's old row waiting for its new one). */
    void flush(Values out) throws Exception {
        if (changes != null) {
            target = out;
            changes.flush(events);
        }
    }
}
