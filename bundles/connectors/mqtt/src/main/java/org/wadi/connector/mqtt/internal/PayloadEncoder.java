package org.wadi.connector.mqtt.internal;

import java.nio.charset.StandardCharsets;
import org.wadi.formats.DebeziumJsonEncoder;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.types.Schema;

/**
 * Turns rows into message payloads: one JSON object per row ({@code format = 'json'}), or Debezium
 * change events ({@code format = 'debezium_json'}, the only way to write updating results). Not
 * thread-safe: one per subtask.
 */
final class PayloadEncoder {

    /** Receives each payload. */
    @FunctionalInterface
    interface Output {
        void send(byte[] payload) throws Exception;
    }

    private final JsonRowEncoder rows;
    private final DebeziumJsonEncoder changes;

    /**
     * @param schema the table's columns
     * @param updating whether rows carry {@code _op} (only with {@code debezium_json})
     */
    PayloadEncoder(Schema schema, JsonFormat format, boolean updating) {
        rows = format.debezium() ? null : new JsonRowEncoder(schema, format);
        changes = format.debezium() ? new DebeziumJsonEncoder(schema, format, updating) : null;
    }

    /** Encodes one row: gives {@code out} no payload (a held update), one, or two. */
    void encode(Object[] row, Output out) throws Exception {
        if (rows != null) {
            out.send(rows.encode(row).getBytes(StandardCharsets.UTF_8));
        } else {
            changes.encode(row, (json, r) -> out.send(json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Gives {@code out} what the encoder holds (an update's first half); call before making output durable. */
    void flush(Output out) throws Exception {
        if (changes != null) {
            changes.flush((json, r) -> out.send(json.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
