package org.wadi.worker.internal.join;

import java.io.IOException;
import java.util.List;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * The shape of an append-only join (WINDOW, INTERVAL): both inputs and the output without
 * {@code _op}, the key columns of each side, which sides are outer, how output rows are put
 * together, and how held rows go into snapshots.
 */
final class JoinLayout {

    /** Rows gathered per block when written to a snapshot, column by column. */
    private static final int BLOCK = 256;

    final int leftWidth;
    final int rightWidth;
    final int outputWidth;
    final int[] leftKeys;
    final int[] rightKeys;
    /** Unmatched left rows are emitted (LEFT, FULL). */
    final boolean leftOuter;
    /** Unmatched right rows are emitted (RIGHT, FULL). */
    final boolean rightOuter;
    /** The right key columns' positions in an output row. */
    private final int[] rightKeysInOutput;

    private JoinLayout(JoinOperator spec) {
        leftWidth = spec.left().size();
        rightWidth = spec.right().size();
        outputWidth = leftWidth + rightWidth + 1;
        leftKeys = spec.leftKeys().stream().mapToInt(Integer::intValue).toArray();
        rightKeys = spec.rightKeys().stream().mapToInt(Integer::intValue).toArray();
        leftOuter = spec.type() == JoinType.LEFT || spec.type() == JoinType.FULL;
        rightOuter = spec.type() == JoinType.RIGHT || spec.type() == JoinType.FULL;
        rightKeysInOutput = new int[rightKeys.length];
        for (int i = 0; i < rightKeys.length; i++) {
            rightKeysInOutput[i] = leftWidth + rightKeys[i];
        }
    }

    /**
     * The layout of {@code spec}, a join whose inputs and output are append-only.
     *
     * @throws PlanException if an input or the output is updating, a key column is out of range,
     *     or a left key's type differs from its right key's
     */
    static JoinLayout appendOnly(String operatorId, JoinOperator spec) throws PlanException {
        String what = "the " + spec.kind() + " join " + operatorId;
        if (spec.updating()) {
            throw new PlanException(what + " emits appends only, but its output is planned as updating (with "
                    + Schema.OP_FIELD + ")", "internal");
        }
        if (spec.left().isUpdating() || spec.right().isUpdating()) {
            throw new PlanException(what + " cannot take an updating input (with " + Schema.OP_FIELD
                    + "): it joins appended rows only", "user");
        }
        checkTimestamp(what, "left", spec.left());
        checkTimestamp(what, "right", spec.right());
        List<Integer> lk = spec.leftKeys();
        List<Integer> rk = spec.rightKeys();
        for (int i = 0; i < lk.size(); i++) {
            checkKey(what, "left", spec.left(), lk.get(i));
            checkKey(what, "right", spec.right(), rk.get(i));
            TypeId l = spec.left().field(lk.get(i)).type().id();
            TypeId r = spec.right().field(rk.get(i)).type().id();
            if (l != r) {
                throw new PlanException(what + " compares left key " + spec.left().field(lk.get(i)).name() + " (" + l
                        + ") with right key " + spec.right().field(rk.get(i)).name() + " (" + r
                        + "): the keys must be of one type", "internal");
            }
        }
        return new JoinLayout(spec);
    }

    private static void checkTimestamp(String what, String side, Schema s) throws PlanException {
        if (s.size() == 0 || !s.field(s.size() - 1).name().equals(Schema.TIMESTAMP_FIELD)) {
            throw new PlanException(what + ": its " + side + " input does not end with " + Schema.TIMESTAMP_FIELD,
                    "internal");
        }
    }

    private static void checkKey(String what, String side, Schema s, int key) throws PlanException {
        if (key < 0 || key >= s.size()) {
            throw new PlanException(what + " has " + side + " key column " + key + ", but its " + side + " input has "
                    + s.size() + " columns", "internal");
        }
    }

    /** A matched pair's output row, stamped {@code timestamp} (one of the sides' own boxed values). */
    Object[] pair(Object[] left, Object[] right, Object timestamp) {
        Object[] out = new Object[outputWidth];
        System.arraycopy(left, 0, out, 0, leftWidth);
        System.arraycopy(right, 0, out, leftWidth, rightWidth);
        out[outputWidth - 1] = timestamp;
        return out;
    }

    /** An unmatched left row's output row, the right side NULL. */
    Object[] leftOnly(Object[] left, Object timestamp) {
        Object[] out = new Object[outputWidth];
        System.arraycopy(left, 0, out, 0, leftWidth);
        out[outputWidth - 1] = timestamp;
        return out;
    }

    /** An unmatched right row's output row, the left side NULL. */
    Object[] rightOnly(Object[] right, Object timestamp) {
        Object[] out = new Object[outputWidth];
        System.arraycopy(right, 0, out, leftWidth, rightWidth);
        out[outputWidth - 1] = timestamp;
        return out;
    }

    /** The key hash that decides which subtask owns a held left row ({@link Partitioners#hash}, as its SHUFFLE). */
    int leftOwnerHash(Object[] left) {
        return Partitioners.hash(left, leftKeys);
    }

    /** The key hash that decides which subtask owns a held right row. */
    int rightOwnerHash(Object[] right) {
        return Partitioners.hash(right, rightKeys);
    }

    /**
     * The key hash of an output row: its left key's when it has a left side (its left event time
     * is set), else its right key's. A pair's two keys are equal, and so are their hashes.
     */
    int outputOwnerHash(Object[] output) {
        return output[leftWidth - 1] != null ? Partitioners.hash(output, leftKeys)
                : Partitioners.hash(output, rightKeysInOutput);
    }

    /** Writes the shape the state was taken with, for {@link #checkShape}. */
    void writeShape(StateWriter out) {
        out.writeInt(leftWidth);
        out.writeInt(rightWidth);
        out.writeInt(leftKeys.length);
    }

    /** Fails unless the state was taken by a join of this shape. */
    void checkShape(StateReader in, String what) throws IOException {
        int l = in.readInt();
        int r = in.readInt();
        int k = in.readInt();
        if (l != leftWidth || r != rightWidth || k != leftKeys.length) {
            throw new IOException("the state of " + what + " has rows of " + l + " and " + r + " columns joined on " + k
                    + " keys, the operator " + leftWidth + " and " + rightWidth + " on " + leftKeys.length
                    + ": the query changed");
        }
    }

    /** The source of the rows {@link #writeRows} writes, by position. */
    interface RowSource {
        Object[] row(int i);
    }

    /** The receiver of the rows {@link #readRows} reads, in the order written. */
    interface RowSink {
        void accept(Object[] row) throws IOException;
    }

    /** Writes rows {@code 0 … n-1} of {@code width} columns, in blocks, each column of a block compactly. */
    static void writeRows(StateWriter out, int n, int width, RowSource rows) {
        Object[] block = new Object[Math.min(n, BLOCK) * width];
        for (int from = 0; from < n; from += BLOCK) {
            int k = Math.min(BLOCK, n - from);
            for (int i = 0; i < k; i++) {
                System.arraycopy(rows.row(from + i), 0, block, i * width, width);
            }
            for (int j = 0; j < width; j++) {
                Values.writeColumn(out, block, j, width, k);
            }
        }
    }

    /** Reads {@code n} rows {@link #writeRows} wrote, handing each to {@code sink} as a new array. */
    static void readRows(StateReader in, int n, int width, RowSink sink) throws IOException {
        Object[] block = new Object[Math.min(n, BLOCK) * width];
        for (int from = 0; from < n; from += BLOCK) {
            int k = Math.min(BLOCK, n - from);
            for (int j = 0; j < width; j++) {
                Values.readColumn(in, block, j, width, k);
            }
            for (int i = 0; i < k; i++) {
                Object[] row = new Object[width];
                System.arraycopy(block, i * width, row, 0, width);
                sink.accept(row);
            }
        }
    }
}
