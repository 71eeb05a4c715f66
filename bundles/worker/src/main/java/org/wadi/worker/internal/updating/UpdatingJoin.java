package org.wadi.worker.internal.updating;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.join.JoinCondition;
import org.wadi.worker.internal.join.Joins;
import org.wadi.worker.internal.runtime.KeyIndex;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * The join without a time bound ({@link JoinKind#UPDATING}): keeps every row of both inputs per
 * key in arrival order (a multiset: the same row twice counts twice) and joins each arriving row
 * with the other side's rows of its key that satisfy the condition. Additions emit INSERTs of the
 * joined rows; a retraction from an updating input (UPDATE_BEFORE or DELETE) takes the oldest equal
 * row — same columns besides {@code _op} and {@code _timestamp} — out of the state and emits a
 * DELETE of each joined row it had produced (with the kept row's values, event time included).
 * Outer joins emit a NULL-padded row for a row without partner, DELETE it when the first partner
 * arrives and INSERT it again when the last one is retracted. A row with a NULL key matches
 * nothing: on an outer side it is kept under its key all the same (so that its padded row's
 * retraction is exact, and TTL and rescaling treat it as any row), on an inner side it is dropped.
 *
 * <p>Both sides share one key table (the sides' key columns are pairwise equal); the rows hang off
 * it in a {@link RowPool}. With a TTL, a key whose newest row is {@code ttlNanos} of event time
 * behind the watermark is forgotten on both sides without output. The state is keyed: it can be
 * restored at another parallelism.
 */
public final class UpdatingJoin implements Joins.Join {

    /** Marks (and versions) the state of an updating join. */
    private static final int MAGIC = 0x57554A01;
    /** Rows per column chunk in snapshots (each chunk a compact column of its own). */
    private static final int CHUNK = 1024;

    /** One input: its row layout, where its columns go in the output, and its rows per key. */
    private static final class Side {
        final int[] keys;
        final int width;
        /** The {@code _op} column, or -1 for an append input. */
        final int opIndex;
        final int timestampIndex;
        /** The columns before {@code _op} / {@code _timestamp}: what a retraction must equal. */
        final int dataColumns;
        /** The columns kept in snapshots: the data columns and {@code _timestamp}. */
        final int[] storedColumns;
        final int outOffset;
        /** Whether its rows without partner are emitted (padded with NULLs). */
        final boolean preserved;
        /** Per key slot: the first (oldest) entry of its rows in the pool, or -1. */
        int[] heads = new int[0];
        /** Per key slot: the last (newest) entry of its rows, or -1. */
        int[] tails = new int[0];
        Side other;

        Side(Schema schema, int[] keys, int outOffset, boolean preserved) {
            this.keys = keys;
            this.width = schema.size();
            this.opIndex = schema.isUpdating() ? width - 2 : -1;
            this.timestampIndex = width - 1;
            this.dataColumns = width - (opIndex >= 0 ? 2 : 1);
            this.storedColumns = new int[dataColumns + 1];
            for (int c = 0; c < dataColumns; c++) {
                storedColumns[c] = c;
            }
            storedColumns[dataColumns] = timestampIndex;
            this.outOffset = outOffset;
            this.preserved = preserved;
        }
    }

    private final Side left;
    private final Side right;
    private final JoinCondition condition;
    private final int outputWidth;
    /** The output's {@code _op} column, or -1 when the output is not updating. */
    private final int outputOp;
    private final long ttlNanos;
    private final RowOutput next;

    private KeyIndex index;
    private RowPool pool;
    /** Per key slot: the largest event time among the rows that reached it (for TTL). */
    private long[] maxTime;
    private int capacity;
    private long watermark = Watermarks.NONE;
    /** No key expires before this event time (a lower bound, for TTL). */
    private long nextExpiry = Long.MAX_VALUE;

    private UpdatingJoin(JoinOperator spec, int[] leftKeys, int[] rightKeys, JoinCondition condition,
            RowOutput next) {
        boolean outerLeft = spec.type() == JoinType.LEFT || spec.type() == JoinType.FULL;
        boolean outerRight = spec.type() == JoinType.RIGHT || spec.type() == JoinType.FULL;
        this.left = new Side(spec.left(), leftKeys, 0, outerLeft);
        this.right = new Side(spec.right(), rightKeys, left.dataColumns + 1, outerRight);
        left.other = right;
        right.other = left;
        this.condition = condition;
        this.outputWidth = spec.output().size();
        this.outputOp = spec.updating() ? outputWidth - 2 : -1;
        this.ttlNanos = spec.ttlNanos();
        this.next = next;
        clear();
    }

    /**
     * The operator for {@code spec} (kind {@link JoinKind#UPDATING}), testing pairs with
     * {@code condition} (null: every pair of equal keys matches), emitting into {@code next}.
     */
    public static Joins.Join create(String operatorId, JoinOperator spec, JoinCondition condition, RowOutput next)
            throws PlanException {
        if (spec.kind() != JoinKind.UPDATING) {
            throw new PlanException("join " + operatorId + " is a " + spec.kind() + " join, not an UPDATING one",
                    "internal");
        }
        if (!spec.updating() && (spec.type() != JoinType.INNER || spec.left().isUpdating()
                || spec.right().isUpdating())) {
            throw new PlanException("join " + operatorId + " is a " + spec.type() + " join"
                    + (spec.left().isUpdating() || spec.right().isUpdating() ? " of an updating input" : "")
                    + ": its output must be updating (have _op)", "internal");
        }
        int[] leftKeys = keys(operatorId, "left", spec.leftKeys(), spec.left());
        int[] rightKeys = keys(operatorId, "right", spec.rightKeys(), spec.right());
        return new UpdatingJoin(spec, leftKeys, rightKeys, condition, next);
    }

    private static int[] keys(String operatorId, String side, List<Integer> keys, Schema schema)
            throws PlanException {
        int columns = schema.size() - (schema.isUpdating() ? 2 : 1);
        int[] out = new int[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = keys.get(i);
            if (out[i] < 0 || out[i] >= columns) {
                throw new PlanException("join " + operatorId + ": " + side + " key column " + out[i]
                        + " is not a column of its input, which has " + columns, "internal");
            }
        }
        return out;
    }

    private void ensureCapacity() {
        int c = index.capacity();
        if (c <= capacity) {
            return;
        }
        maxTime = Arrays.copyOf(maxTime, c);
        for (Side side : new Side[] {left, right}) {
            side.heads = Arrays.copyOf(side.heads, c);
            side.tails = Arrays.copyOf(side.tails, c);
        }
        capacity = c;
    }

    @Override
    public void collect(int input, Object[] row) {
        Side side = input == 0 ? left : input == 1 ? right : null;
        if (side == null) {
            throw new IllegalArgumentException("a join has inputs 0 and 1, not " + input);
        }
        boolean nullKey = KeyIndex.hasNull(row, side.keys);
        if (nullKey && !side.preserved) {
            // it matches nothing and is never emitted
            return;
        }
        if (side.opIndex < 0 || RowKind.isAddition((Integer) row[side.opIndex])) {
            add(side, row, nullKey);
        } else {
            retract(side, row, nullKey);
        }
    }

    /** Keeps an added row and emits what it joins (nothing but its padded row for a NULL key). */
    private void add(Side side, Object[] row, boolean nullKey) {
        long t = (Long) row[side.timestampIndex];
        int slot = index.findOrAdd(row, side.keys);
        if (index.added()) {
            ensureCapacity();
            left.heads[slot] = -1;
            left.tails[slot] = -1;
            right.heads[slot] = -1;
            right.tails[slot] = -1;
            maxTime[slot] = t;
            if (ttlNanos > 0) {
                nextExpiry = Math.min(nextExpiry, expiry(t));
            }
        } else if (t > maxTime[slot]) {
            maxTime[slot] = t;
        }
        Side other = side.other;
        int matched = 0;
        for (int e = nullKey ? -1 : other.heads[slot]; e >= 0; e = pool.next(e)) {
            Object[] partner = pool.row(e);
            if (!matches(side, row, partner)) {
                continue;
            }
            matched++;
            if (other.preserved && pool.addMatches(e, 1) == 1) {
                emitPadded(other, partner, RowKind.DELETE);
            }
            emitJoined(side, row, partner, RowKind.INSERT);
        }
        if (side.preserved && matched == 0) {
            emitPadded(side, row, RowKind.INSERT);
        }
        append(side, slot, pool.add(row, side.preserved ? matched : 0, -1));
    }

    /** Takes the oldest kept row equal to a retracted one out and retracts what it had emitted. */
    private void retract(Side side, Object[] row, boolean nullKey) {
        int slot = index.find(row, side.keys);
        if (slot < 0) {
            return;
        }
        int prev = -1;
        int e = side.heads[slot];
        while (e >= 0 && !sameData(side, pool.row(e), row)) {
            prev = e;
            e = pool.next(e);
        }
        if (e < 0) {
            return;
        }
        long t = (Long) row[side.timestampIndex];
        if (t > maxTime[slot]) {
            maxTime[slot] = t;
        }
        Object[] stored = pool.row(e);
        int storedMatches = pool.matches(e);
        if (prev < 0) {
            side.heads[slot] = pool.next(e);
        } else {
            pool.setNext(prev, pool.next(e));
        }
        if (side.tails[slot] == e) {
            side.tails[slot] = prev;
        }
        pool.free(e);
        Side other = side.other;
        for (int o = nullKey ? -1 : other.heads[slot]; o >= 0; o = pool.next(o)) {
            Object[] partner = pool.row(o);
            if (!matches(side, stored, partner)) {
                continue;
            }
            emitJoined(side, stored, partner, RowKind.DELETE);
            if (other.preserved && pool.addMatches(o, -1) == 0) {
                emitPadded(other, partner, RowKind.INSERT);
            }
        }
        if (side.preserved && storedMatches == 0) {
            emitPadded(side, stored, RowKind.DELETE);
        }
        if (left.heads[slot] < 0 && right.heads[slot] < 0) {
            index.remove(slot);
        }
    }

    /** Puts entry {@code e} last in the slot's list of {@code side}. */
    private void append(Side side, int slot, int e) {
        int tail = side.tails[slot];
        if (tail < 0) {
            side.heads[slot] = e;
        } else {
            pool.setNext(tail, e);
        }
        side.tails[slot] = e;
    }

    private boolean matches(Side side, Object[] row, Object[] partner) {
        return condition == null || (side == left ? condition.test(row, partner) : condition.test(partner, row));
    }

    /**
     * Whether a retraction names this held row: its values exactly as they were sent (not merely
     * equal as keys: a retraction of {@code -0.0} takes back that row, not one holding {@code 0.0}).
     */
    private static boolean sameData(Side side, Object[] a, Object[] b) {
        for (int c = 0; c < side.dataColumns; c++) {
            Object x = a[c];
            Object y = b[c];
            if (x != y && (x == null || y == null
                    || (x instanceof byte[] bx ? !(y instanceof byte[] by && Arrays.equals(bx, by)) : !x.equals(y)))) {
                return false;
            }
        }
        return true;
    }

    private static void copySide(Side side, Object[] row, Object[] out) {
        System.arraycopy(row, 0, out, side.outOffset, side.dataColumns);
        out[side.outOffset + side.dataColumns] = row[side.timestampIndex];
    }

    /** Emits the join of {@code row} (of {@code side}) and {@code partner} (of the other side). */
    private void emitJoined(Side side, Object[] row, Object[] partner, int kind) {
        Object[] l = side == left ? row : partner;
        Object[] r = side == left ? partner : row;
        Object[] out = new Object[outputWidth];
        copySide(left, l, out);
        copySide(right, r, out);
        if (outputOp >= 0) {
            out[outputOp] = RowKind.of(kind);
        }
        Object lt = l[left.timestampIndex];
        Object rt = r[right.timestampIndex];
        out[outputWidth - 1] = (Long) lt >= (Long) rt ? lt : rt;
        next.collect(out);
    }

    /** Emits {@code row} of {@code side} with NULLs for the other side's columns. */
    private void emitPadded(Side side, Object[] row, int kind) {
        Object[] out = new Object[outputWidth];
        copySide(side, row, out);
        out[outputOp] = RowKind.of(kind);
        out[outputWidth - 1] = row[side.timestampIndex];
        next.collect(out);
    }

    private long expiry(long time) {
        return time > Long.MAX_VALUE - ttlNanos ? Long.MAX_VALUE : time + ttlNanos;
    }

    /** Forgets, without output, the keys whose newest row is {@code ttlNanos} or more behind the watermark. */
    private void expire() {
        long earliest = Long.MAX_VALUE;
        for (int s = 0, n = index.limit(); s < n; s++) {
            if (!index.live(s)) {
                continue;
            }
            long e = expiry(maxTime[s]);
            if (e <= watermark) {
                dropRows(left, s);
                dropRows(right, s);
                index.remove(s);
            } else {
                earliest = Math.min(earliest, e);
            }
        }
        nextExpiry = earliest;
    }

    private void dropRows(Side side, int slot) {
        int e = side.heads[slot];
        while (e >= 0) {
            int after = pool.next(e);
            pool.free(e);
            e = after;
        }
        side.heads[slot] = -1;
        side.tails[slot] = -1;
    }

    @Override
    public void watermark(long w) {
        if (w != Watermarks.IDLE && w != Watermarks.END && w > watermark) {
            watermark = w;
            if (ttlNanos > 0 && w >= nextExpiry) {
                expire();
            }
        }
        next.watermark(w);
    }

    @Override
    public void flush() {
        next.flush();
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        next.barrier(epoch, thenStop);
    }

    @Override
    public void finish() {
        next.finish();
    }

    /**
     * The keys (one column per key field), each key's newest event time, then per side: each key's
     * row count and the rows in list order, column by column in chunks ({@code _op} left out: only
     * additions are kept), and for an outer side each row's partner count.
     */
    @Override
    public StateWriter snapshot(long epoch) {
        int n = index.size();
        int[] slots = new int[n];
        for (int s = 0, i = 0, limit = index.limit(); s < limit; s++) {
            if (index.live(s)) {
                slots[i++] = s;
            }
        }
        int width = left.keys.length;
        StateWriter out = new StateWriter();
        out.writeInt(MAGIC);
        out.writeLong(watermark);
        out.writeInt(width);
        out.writeInt(n);
        Object[] column = new Object[n];
        for (int j = 0; j < width; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = index.key(slots[i], j);
            }
            Values.writeColumn(out, column, 0, 1, n);
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = maxTime[slots[i]];
        }
        out.writeLongs(times, 0, n);
        writeRows(out, left, slots);
        writeRows(out, right, slots);
        return out;
    }

    private void writeRows(StateWriter out, Side side, int[] slots) {
        int n = slots.length;
        int[] counts = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            for (int e = side.heads[slots[i]]; e >= 0; e = pool.next(e)) {
                counts[i]++;
            }
            total += counts[i];
        }
        int[] order = new int[total];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int e = side.heads[slots[i]]; e >= 0; e = pool.next(e)) {
                order[at++] = e;
            }
        }
        out.writeInts(counts, 0, n);
        Object[] chunk = new Object[Math.min(CHUNK, Math.max(1, total))];
        for (int start = 0; start < total; start += CHUNK) {
            int k = Math.min(CHUNK, total - start);
            for (int c : side.storedColumns) {
                for (int i = 0; i < k; i++) {
                    chunk[i] = pool.row(order[start + i])[c];
                }
                Values.writeColumn(out, chunk, 0, 1, k);
            }
        }
        if (side.preserved) {
            int[] partners = new int[total];
            for (int i = 0; i < total; i++) {
                partners[i] = pool.matches(order[i]);
            }
            out.writeInts(partners, 0, total);
        }
    }

    @Override
    public void restore(StateReader in) throws IOException {
        if (in == null) {
            throw new IOException("the checkpoint holds no state for this join");
        }
        clear();
        watermark = readPart(in);
        restored();
    }

    @Override
    public boolean keyed() {
        return true;
    }

    /**
     * Restores from the states of several old subtasks (a checkpoint taken at another parallelism):
     * their keys are disjoint, so all are read, then the keys this subtask does not own are dropped
     * with their rows. The watermark is the highest among them: it only decides when keys expire.
     */
    @Override
    public void restore(List<StatePart> parts, KeyRange owned) throws IOException {
        clear();
        long w = Watermarks.NONE;
        for (StatePart part : parts) {
            w = Math.max(w, readPart(part.state()));
        }
        for (int s = 0, limit = index.limit(); s < limit; s++) {
            if (index.live(s) && !owned.contains(index.ownerHash(s))) {
                dropRows(left, s);
                dropRows(right, s);
                index.remove(s);
            }
        }
        watermark = w;
        restored();
    }

    /** Empties the operator for a restore. */
    private void clear() {
        index = new KeyIndex(left.keys.length, 16);
        pool = new RowPool();
        capacity = 0;
        maxTime = new long[0];
        for (Side side : new Side[] {left, right}) {
            side.heads = new int[0];
            side.tails = new int[0];
        }
        ensureCapacity();
    }

    /** Adds the keys and rows of one snapshot (of this operator or another subtask's); returns its watermark. */
    private long readPart(StateReader in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not the state of an updating join (another operator's, or another version)");
        }
        long w = in.readLong();
        int width = in.readInt();
        if (width != left.keys.length) {
            throw new IOException("the state has " + width + " join keys, the operator " + left.keys.length
                    + ": the query changed");
        }
        int n = in.readInt();
        Object[] values = new Object[Math.max(1, width) * n];
        for (int j = 0; j < width; j++) {
            Values.readColumn(in, values, j, width, n);
        }
        // nothing was removed since the clear: the keys take the next slots, in order
        int from = index.limit();
        for (int i = 0; i < n; i++) {
            index.addNew(values, i * width);
        }
        ensureCapacity();
        in.readLongs(maxTime, from, n);
        readRows(in, left, from, n);
        readRows(in, right, from, n);
        return w;
    }

    private void restored() {
        nextExpiry = Long.MAX_VALUE;
        if (ttlNanos > 0) {
            for (int s = 0, limit = index.limit(); s < limit; s++) {
                if (index.live(s)) {
                    nextExpiry = Math.min(nextExpiry, expiry(maxTime[s]));
                }
            }
        }
    }

    /** Reads the rows of {@code n} keys of {@code side}, written by {@link #writeRows}, into slots {@code from …}. */
    private void readRows(StateReader in, Side side, int from, int n) throws IOException {
        int[] counts = new int[n];
        in.readInts(counts, 0, n);
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        Object[][] rows = new Object[total][];
        for (int i = 0; i < total; i++) {
            rows[i] = new Object[side.width];
            if (side.opIndex >= 0) {
                rows[i][side.opIndex] = RowKind.of(RowKind.INSERT);
            }
        }
        Object[] chunk = new Object[Math.min(CHUNK, Math.max(1, total))];
        for (int start = 0; start < total; start += CHUNK) {
            int k = Math.min(CHUNK, total - start);
            for (int c : side.storedColumns) {
                Values.readColumn(in, chunk, 0, 1, k);
                for (int i = 0; i < k; i++) {
                    rows[start + i][c] = chunk[i];
                }
            }
        }
        int[] partners = new int[total];
        if (side.preserved) {
            in.readInts(partners, 0, total);
        }
        int at = 0;
        for (int i = 0; i < n; i++) {
            int slot = from + i;
            side.heads[slot] = -1;
            side.tails[slot] = -1;
            for (int k = 0; k < counts[i]; k++, at++) {
                append(side, slot, pool.add(rows[at], partners[at], -1));
            }
        }
    }

    /** The keys held now, for tests. */
    int keyCount() {
        return index.size();
    }

    /** The rows held now (both sides), for tests. */
    int rowCount() {
        return pool.size();
    }
}
