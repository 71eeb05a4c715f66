package org.wadi.spi.plan;

import java.util.List;
import java.util.Objects;
import org.wadi.spi.types.Schema;

/**
 * Joins two inputs on equal keys. The node has exactly two input edges, left first (input 0) then
 * right (input 1); at parallelism above 1 each is a SHUFFLE by that side's keys.
 *
 * <p>Output rows: every column of the left row including its {@code _timestamp}, then every
 * column of the right row including its {@code _timestamp} (NULL for the side a row of an outer
 * join lacks), then {@code _op} when the output is updating, then the row's {@code _timestamp}: the
 * larger of the two sides' (the present side's for a NULL-padded row; the window's for
 * {@link JoinKind#WINDOW}). In {@code output} the sides' own event times are named
 * {@code _left_timestamp} and {@code _right_timestamp}. An updating input's {@code _op} column is
 * not part of the output's side columns: the output's own {@code _op} says what each result row does.
 *
 * @param kind how rows are matched in time
 * @param type which unmatched rows are emitted
 * @param left the left input's schema ({@code _timestamp} last; {@code _op} before it when updating)
 * @param right the right input's schema, likewise
 * @param leftKeys the key columns of the left input
 * @param rightKeys the key columns of the right input, pairwise equal to the left's (as SQL {@code =}:
 *     NULL keys match nothing)
 * @param condition a further BOOLEAN condition over the concatenated side columns (left's columns,
 *     then right's, each side's {@code _timestamp} included, {@code _op} excluded: the same indexes
 *     as in the output), which a pair must satisfy to match; {@code null} for none
 * @param lowerNanos for INTERVAL: the least right event time minus left event time that matches
 * @param upperNanos for INTERVAL: the greatest right event time minus left event time that matches
 * @param ttlNanos for UPDATING: a key's rows are forgotten after this much event time (watermark)
 *     without a new row for it; 0 keeps them forever
 * @param output the output rows' schema as described above
 */
public record JoinOperator(JoinKind kind, JoinType type, Schema left, Schema right, List<Integer> leftKeys,
        List<Integer> rightKeys, Expr condition, long lowerNanos, long upperNanos, long ttlNanos, Schema output)
        implements OperatorSpec {

    public static final String LEFT_TIMESTAMP = "_left_timestamp";
    public static final String RIGHT_TIMESTAMP = "_right_timestamp";

    public JoinOperator {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        leftKeys = List.copyOf(leftKeys);
        rightKeys = List.copyOf(rightKeys);
        if (leftKeys.size() != rightKeys.size()) {
            throw new IllegalArgumentException("a join needs as many left keys as right keys, not "
                    + leftKeys.size() + " and " + rightKeys.size());
        }
        if (kind == JoinKind.INTERVAL && lowerNanos > upperNanos) {
            throw new IllegalArgumentException("interval join bounds are reversed: " + lowerNanos + " > " + upperNanos);
        }
        if (ttlNanos < 0) {
            throw new IllegalArgumentException("join state TTL must not be negative: " + ttlNanos);
        }
        int sides = left.size() - (left.isUpdating() ? 1 : 0) + right.size() - (right.isUpdating() ? 1 : 0);
        int expected = sides + (output.isUpdating() ? 2 : 1);
        if (output.size() != expected) {
            throw new IllegalArgumentException("a join of " + left.size() + " and " + right.size()
                    + " input columns has " + expected + " output columns, not " + output.size());
        }
    }

    /** Whether the output is an updating stream (it has {@code _op}). */
    public boolean updating() {
        return output.isUpdating();
    }

    @Override
    public String name() {
        return "join";
    }
}
