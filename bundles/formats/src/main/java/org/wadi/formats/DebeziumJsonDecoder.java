package org.wadi.formats;

import com.fasterxml.jackson.databind.JsonNode;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * Decodes Debezium change events ({@code format = 'debezium_json'}) into changelog rows, as
 * Arroyo reads them: {@code op} {@code c} (create) or {@code r} (snapshot read) gives an INSERT of
 * {@code after}; {@code u} an UPDATE_BEFORE of {@code before} then an UPDATE_AFTER of
 * {@code after}; {@code d} a DELETE of {@code before}. The row objects are decoded as
 * {@link JsonRowDecoder} decodes records. Other fields of the event ({@code source},
 * {@code ts_ms}, …) are ignored; an event wrapped with its schema
 * ({@code {"schema": …, "payload": {…}}}, Kafka Connect's JSON converter) is unwrapped. Not
 * thread-safe.
 */
public final class DebeziumJsonDecoder {

    /** Receives the rows one event decodes to, in order. */
    @FunctionalInterface
    public interface Changes {

        /**
         * One changelog row.
         *
         * @param kind what the row does: a {@link RowKind}
         * @param values one value per column of {@link DebeziumJsonDecoder#schema()}
         */
        void change(int kind, Object[] values);
    }

    private final JsonRowDecoder rows;

    /** @param schema the columns to fill; {@code _timestamp} and {@code _op} columns among them are left out */
    public DebeziumJsonDecoder(Schema schema) {
        this(schema, null);
    }

    /**
     * @param schema the columns to fill; {@code _timestamp} and {@code _op} columns among them are left out
     * @param format the table's JSON options (timestamps and decimals as {@link JsonRowDecoder} reads them),
     *     or {@code null}
     */
    public DebeziumJsonDecoder(Schema schema, JsonFormat format) {
        this.rows = new JsonRowDecoder(schema, format);
    }

    /** The columns each decoded row holds, in order. */
    public Schema schema() {
        return rows.schema();
    }

    /**
     * Decodes one change event and gives its rows to {@code out}: none if it is invalid (it is
     * decoded whole before any row is given).
     *
     * @param json the event's text
     * @param line its line number in the input (1-based) for error messages, or -1 if unknown
     * @throws ConnectorException naming the line and what is wrong: not JSON, no or an unknown
     *     {@code op}, a missing {@code before} or {@code after}, or a field of the wrong type
     */
    public void decode(String json, long line, Changes out) throws ConnectorException {
        JsonNode event = rows.parseObject(json, line);
        JsonNode op = event.get("op");
        JsonNode payload = event.get("payload");
        if (op == null && payload != null && payload.isObject()) {
            event = payload;
            op = event.get("op");
        }
        String kind = op != null && op.isTextual() ? op.textValue() : null;
        if (kind == null) {
            throw invalid(line, "'op' is " + (op == null ? "missing" : op.toString())
                    + "; expected one of \"c\", \"r\", \"u\", \"d\" in " + JsonRowDecoder.shorten(json));
        }
        switch (kind) {
            case "c", "r" -> out.change(RowKind.INSERT, side(event, "after", kind, line));
            case "u" -> {
                Object[] before = side(event, "before", kind, line);
                Object[] after = side(event, "after", kind, line);
                out.change(RowKind.UPDATE_BEFORE, before);
                out.change(RowKind.UPDATE_AFTER, after);
            }
            case "d" -> out.change(RowKind.DELETE, side(event, "before", kind, line));
            default -> throw invalid(line, "unknown op \"" + kind + "\"; expected one of \"c\", \"r\", \"u\", \"d\"");
        }
    }

    private Object[] side(JsonNode event, String name, String op, long line) throws ConnectorException {
        JsonNode n = event.get(name);
        if (n == null || !n.isObject()) {
            String hint = op.equals("u") && name.equals("before")
                    ? " (Debezium leaves it null when the source table does not log old rows, e.g. a Postgres table"
                    + " without REPLICA IDENTITY FULL)" : "";
            throw invalid(line, "op \"" + op + "\" needs '" + name + "' to be an object, got "
                    + (n == null ? "nothing" : JsonRowDecoder.shorten(n.toString())) + hint);
        }
        return rows.decodeObject(n, name, line);
    }

    private static ConnectorException invalid(long line, String what) {
        return new ConnectorException("Invalid Debezium JSON record" + JsonRowDecoder.at(line) + ": " + what);
    }
}
