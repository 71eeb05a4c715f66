package org.wadi.formats;

import java.nio.charset.StandardCharsets;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Schema;

/**
 * Turns rows into message payloads (request bodies, messages): one JSON object per row ({@code
 * format = 'json'}), Debezium change events ({@code format = 'debezium_json'}, the only way to
 * write updating results), or, through {@link #encodeBytes}, any {@link RowFormat} that can be
 * written ({@code avro}, {@code raw_string}, {@code raw_bytes}, JSON with {@code
 * json.include_schema} or Confluent's header). Not thread-safe: one per subtask. Shared by the
 * message connectors.
 */
public final class PayloadEncoder {

    /** Receives each encoded row (a request body, a message payload). */
    @FunctionalInterface
    public interface Output {
        void send(String body) throws Exception;
    }

    /** Receives each encoded row as bytes. */
    @FunctionalInterface
    public interface BytesOutput {
        void send(byte[] payload) throws Exception;
    }

    private final JsonRowEncoder rows;
    private final DebeziumJsonEncoder changes;
    private final RowEncoder encoder;

    /** @param updating whether rows carry {@code _op} (only with {@code debezium_json}) */
    public PayloadEncoder(Schema schema, JsonFormat format, boolean updating) {
        // json.include_schema wraps each object; Confluent's header needs a registered id (the other constructor)
        boolean plain = format.debezium() || !format.includeSchema();
        rows = !format.debezium() && plain ? new JsonRowEncoder(schema, format) : null;
        changes = format.debezium() ? new DebeziumJsonEncoder(schema, format, updating) : null;
        encoder = plain ? null : new JsonEncoder(schema, format, -1);
    }

    /**
     * An encoder of any format that can be written.
     *
     * @param updating whether rows carry {@code _op} (only with {@code debezium_json})
     * @param schemaId the registered schema's id for Confluent's header, or -1
     * @throws ConnectorException when the format cannot be written or does not suit the columns
     */
    public PayloadEncoder(Schema schema, RowFormat format, boolean updating, int schemaId) throws ConnectorException {
        if (format.debezium()) {
            rows = null;
            changes = new DebeziumJsonEncoder(schema, format.json(), updating);
            encoder = null;
        } else {
            rows = null;
            changes = null;
            encoder = RowEncoder.create(schema, format, schemaId);
        }
    }

    /** Encodes one row: gives {@code out} no body (a held update), one, or two. */
    public void encode(Object[] row, Output out) throws Exception {
        if (rows != null) {
            out.send(rows.encode(row));
        } else if (changes != null) {
            changes.encode(row, (json, r) -> out.send(json));
        } else {
            out.send(new String(encoder.encode(row), StandardCharsets.UTF_8));
        }
    }

    /** Encodes one row as bytes: gives {@code out} no payload (a held update), one, or two. */
    public void encodeBytes(Object[] row, BytesOutput out) throws Exception {
        if (encoder != null) {
            out.send(encoder.encode(row));
        } else {
            encode(row, body -> out.send(body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Gives {@code out} what the encoder holds (an update's first half); call before a checkpoint completes. */
    public void flush(Output out) throws Exception {
        if (changes != null) {
            changes.flush((json, r) -> out.send(json));
        }
    }
}
