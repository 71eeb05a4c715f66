package org.wadi.connector.webhook.internal;

import org.wadi.formats.DebeziumJsonEncoder;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.types.Schema;

/**
 * Turns rows into request bodies: one JSON object per row ({@code format = 'json'}), or Debezium
 * change events ({@code format = 'debezium_json'}, the only way to write updating results). Not
 * thread-safe: one per subtask.
 */
final class PayloadEncoder {

    /** Receives each body. */
    @FunctionalInterface
    interface Output {
        void send(String body) throws Exception;
    }

    private final JsonRowEncoder rows;
    private final DebeziumJsonEncoder changes;

    /** @param updating whether rows carry {@code _op} (only with {@code debezium_json}) */
    PayloadEncoder(Schema schema, JsonFormat format, boolean updating) {
        rows = format.debezium() ? null : new JsonRowEncoder(schema, format);
        changes = format.debezium() ? new DebeziumJsonEncoder(schema, format, updating) : null;
    }

    /** Encodes one row: gives {@code out} no body (a held update), one, or two. */
    void encode(Object[] row, Output out) throws Exception {
        if (rows != null) {
            out.send(rows.encode(row));
        } else {
            changes.encode(row, (json, r) -> out.send(json));
        }
    }

    /** Gives {@code out} what the encoder holds (an update's first half); call before a checkpoint completes. */
    void flush(Output out) throws Exception {
        if (changes != null) {
            changes.flush((json, r) -> out.send(json));
        }
    }
}
