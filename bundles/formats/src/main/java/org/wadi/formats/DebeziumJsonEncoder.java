package org.wadi.formats;

import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * Encodes rows as Debezium change events, as Arroyo writes tables with
 * {@code format = 'debezium_json'}: {@code {"before":{…}|null,"after":{…}|null,"op":"c"|"u"|"d"}},
 * the row objects encoded exactly as {@link JsonRowEncoder} encodes them with the same
 * {@link JsonFormat} options.
 *
 * <p>Updating rows ({@code _op} after the columns, see {@link RowKind}) become: INSERT a {@code c}
 * event (before null); an UPDATE_BEFORE and the UPDATE_AFTER right after it one {@code u} event
 * (before = old, after = new), for which the UPDATE_BEFORE is held until the next row; DELETE a
 * {@code d} event (after null). A lone UPDATE_AFTER is written as {@code c}, a held UPDATE_BEFORE
 * followed by anything else, or still held at {@link #flush}, as {@code d}. Append-only rows are
 * all {@code c} events, as Arroyo writes them when a {@code debezium_json} table receives appends.
 *
 * <p>A held row is kept by reference: rows must not be changed after they are given to
 * {@link #encode}. Not thread-safe: one per task.
 */
public final class DebeziumJsonEncoder {

    /** Receives the events an {@link #encode} or {@link #flush} call produces, in order. */
    @FunctionalInterface
    public interface Events {

        /**
         * One change event.
         *
         * @param json the event, without a line break
         * @param row the row whose values place the event (the new one for {@code c} and {@code u},
         *     the old one for {@code d}), for writers that pick a file or partition by a row's values
         */
        void event(String json, Object[] row) throws Exception;
    }

    private final JsonRowEncoder values;
    private final int opPosition;
    private final StringBuilder buffer = new StringBuilder(512);
    private Object[] heldBefore;

    /**
     * @param schema the table's columns; {@code _op} and {@code _timestamp} columns among them are not written
     * @param format the JSON options of the values
     * @param updating whether rows carry {@code _op} after the columns ({@code SinkContext.updating()});
     *     otherwise every row is an insert
     */
    public DebeziumJsonEncoder(Schema schema, JsonFormat format, boolean updating) {
        Schema columns = schema.visible();
        this.values = new JsonRowEncoder(columns, format);
        this.opPosition = updating ? columns.size() : -1;
    }

    /**
     * Encodes one row: gives {@code out} no event (an UPDATE_BEFORE is held), one, or two (a held
     * UPDATE_BEFORE not followed by its UPDATE_AFTER, as a delete, then this row's).
     *
     * @throws IllegalArgumentException if a value does not fit its column's type or the row has no
     *     valid {@code _op}
     */
    public void encode(Object[] row, Events out) throws Exception {
        int kind = opPosition < 0 ? RowKind.INSERT : kind(row);
        Object[] before = heldBefore;
        if (before != null) {
            heldBefore = null;
            if (kind == RowKind.UPDATE_AFTER) {
                out.event(event(before, row, 'u'), row);
                return;
            }
            out.event(event(before, null, 'd'), before);
        }
        switch (kind) {
            case RowKind.INSERT, RowKind.UPDATE_AFTER -> out.event(event(null, row, 'c'), row);
            case RowKind.UPDATE_BEFORE -> heldBefore = row;
            default -> out.event(event(row, null, 'd'), row);
        }
    }

    /**
     * Writes a held UPDATE_BEFORE as a {@code d} event. Sinks call it before they make their
     * output durable (checkpoints, the end of the input), so that no row is left behind in the
     * encoder; an UPDATE_AFTER that follows is then written as {@code c}, which has the same effect.
     */
    public void flush(Events out) throws Exception {
        Object[] before = heldBefore;
        if (before != null) {
            heldBefore = null;
            out.event(event(before, null, 'd'), before);
        }
    }

    private int kind(Object[] row) {
        Object op = opPosition < row.length ? row[opPosition] : null;
        if (op instanceof Integer k && k >= RowKind.INSERT && k <= RowKind.DELETE) {
            return k;
        }
        throw new IllegalArgumentException("updating row has no valid " + Schema.OP_FIELD + " at position "
                + opPosition + ": " + op + " (expected a row kind from " + RowKind.INSERT + " to " + RowKind.DELETE
                + ")");
    }

    private String event(Object[] before, Object[] after, char op) {
        StringBuilder b = buffer;
        b.setLength(0);
        b.append("{\"before\":");
        if (before == null) {
            b.append("null");
        } else {
            values.encode(before, b);
        }
        b.append(",\"after\":");
        if (after == null) {
            b.append("null");
        } else {
            values.encode(after, b);
        }
        b.append(",\"op\":\"").append(op).append("\"}");
        return b.toString();
    }
}
