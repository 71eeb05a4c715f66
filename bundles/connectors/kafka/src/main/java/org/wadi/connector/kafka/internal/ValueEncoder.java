package org.wadi.connector.kafka.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.wadi.formats.DebeziumJsonEncoder;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.types.Schema;

/**
 * Turns rows into record values in the table's format; with Confluent framing, each value starts
 * with a zero byte and the registered schema's id. Not thread-safe.
 */
final class ValueEncoder {

    /** Receives each value and the row it came from (the row placing it: key, timestamp). */
    @FunctionalInterface
    interface Values {
        void value(byte[] value, Object[] row) throws Exception;
    }

    private final ValueFormat format;
    private final JsonRowEncoder json;
    private final DebeziumJsonEncoder changes;
    private final byte[] header;
    private Values target;
    private final DebeziumJsonEncoder.Events events = (text, row) -> target.value(bytes(text), row);

    /**
     * @param schemaId the registered schema's id when values carry Confluent's header, else ignored
     * @param updating whether rows carry {@code _op} (a changelog, written as Debezium events)
     */
    ValueEncoder(Schema columns, ValueFormat format, boolean updating, int schemaId) {
        this.format = format;
        this.json = format.raw() || format.debezium() ? null : new JsonRowEncoder(columns, format.json());
        this.changes = format.debezium() ? new DebeziumJsonEncoder(columns, format.json(), updating) : null;
        this.header = format.confluentFraming() ? ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array() : null;
    }

    void encode(Object[] row, Values out) throws Exception {
        if (format.raw()) {
            Object v = row[0];
            if (v != null) {
                out.value(v instanceof byte[] b ? b : v.toString().getBytes(StandardCharsets.UTF_8), row);
            }
        } else if (changes != null) {
            target = out;
            changes.encode(row, events);
        } else {
            out.value(bytes(json.encode(row)), row);
        }
    }

    /** Writes what the encoder holds back (an update's old row waiting for its new one). */
    void flush(Values out) throws Exception {
        if (changes != null) {
            target = out;
            changes.flush(events);
        }
    }

    private byte[] bytes(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (header == null) {
            return body;
        }
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        return all;
    }
}
