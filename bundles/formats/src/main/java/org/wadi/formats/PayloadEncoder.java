package org.wadi.formats;

import org.wadi.spi.types.Schema;

/**
 * Turns rows into message texts (request bodies, payloads): one JSON object per row ({@code
 * format = 'json'}), or Debezium change events ({@code format = 'debezium_json'}, the only way to
 * write updating results). Not thread-safe: one per subtask. Shared by the message connectors.
 */
public final class PayloadEncoder {

    /** Receives each encoded row (a request body, a message payload). */
    @FunctionalInterface
    public interface Output {
        void send(String body) throws Exception;
    }

    private final JsonRowEncoder rows;
    private final DebeziumJsonEncoder changes;

    /** @param updating whether rows carry {@code _op} (only with {@code debezium_json}) */
    public PayloadEncoder(Schema schema, JsonFormat format, boolean updating) {
        rows = format.debezium() ? null : new JsonRowEncoder(schema, format);
        changes = format.debezium() ? new DebeziumJsonEncoder(schema, format, updating) : null;
    }

    /** Encodes one row: gives {@code out} no body (a held update), one, or two. */
    public void encode(Object[] row, Output out) throws Exception {
        if (rows != null) {
            out.send(rows.encode(row));
        } else {
            changes.encode(row, (json, r) -> out.send(json));
        }
    }

    /** Gives {@code out} what the encoder holds (an update's first half); call before a checkpoint completes. */
    public void flush(Output out) throws Exception {
        if (changes != null) {
            changes.flush((json, r) -> out.send(json));
        }
    }
}
