package org.wadi.worker.internal.join;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.KeyIndex;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.OwnedRows;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * {@link org.wadi.spi.plan.JoinKind#INTERVAL}: a left row {@code l} and a right row {@code r}
 * match when their keys are equal, {@code lower <= r.ts - l.ts <= upper} and the condition holds.
 * A match is emitted as soon as its second row arrives, stamped with the later of the two event
 * times. Each row is held only while a partner can still arrive: a left row until the watermark
 * reaches {@code l.ts + upper}, a right row until it reaches {@code r.ts - lower} (rows arriving
 * later have event times after the watermark). An outer side's row that found no partner is
 * emitted, padded with NULLs and stamped with its own event time, when it expires; so that such a
 * row is never behind the watermark passed on, an outer join holds the output watermark back by
 * the interval ({@code w - upper} for LEFT, {@code w + lower} for RIGHT, the lesser for FULL).
 *
 * <p>State (see {@link IntervalSide}) is per key, with an expiry heap per side: a watermark costs
 * the rows it frees, and memory is bounded by the rows of one interval plus the watermark's delay.
 * Rows with a NULL key match nothing: they are not held (an outer side's is emitted at once).
 *
 * <p>Checkpoints: the snapshot copies the references to the rows held and their partner flags (no
 * values are copied or serialised at the barrier) into a deferred state that the uploader writes.
 * The state is keyed: at another parallelism, see {@link #restore(List, KeyRange)}.
 */
final class IntervalJoin implements Joins.Join {

    /** Marks (and versions) an interval join's state. */
    private static final int MAGIC = 0x574A4901;

    private final JoinLayout layout;
    private final JoinCondition condition;
    private final RowOutput next;
    private final long lower;
    private final long upper;
    private final int leftTs;
    private final int rightTs;

    private KeyIndex keys;
    private IntervalSide left;
    private IntervalSide right;

    /** The input watermark. */
    private long watermark = Watermarks.NONE;
    /** The largest watermark passed on (held back from {@link #watermark} for outer joins). */
    private long emitted = Watermarks.NONE;
    /** Whether the last watermark passed on was {@link Watermarks#IDLE}. */
    private boolean idle;
    private long late;
    /** Results a restore at another parallelism produced, emitted before anything else. */
    private OwnedRows pending = OwnedRows.NONE;

    private IntervalJoin(JoinLayout layout, JoinCondition condition, RowOutput next, long lower, long upper) {
        this.layout = layout;
        this.condition = condition;
        this.next = next;
        this.lower = lower;
        this.upper = upper;
        this.leftTs = layout.leftWidth - 1;
        this.rightTs = layout.rightWidth - 1;
        reset();
    }

    static Joins.Join create(String operatorId, JoinOperator spec, JoinCondition condition, RowOutput next)
            throws PlanException {
        return new IntervalJoin(JoinLayout.appendOnly(operatorId, spec), condition, next, spec.lowerNanos(),
                spec.upperNanos());
    }

    /** Forgets every row, before a restore. */
    private void reset() {
        keys = new KeyIndex(layout.leftKeys.length, 64);
        left = new IntervalSide(256, keys.capacity());
        right = new IntervalSide(256, keys.capacity());
        pending = OwnedRows.NONE;
    }

    /** {@code t + d}, saturated at the ends of {@code long}. */
    static long plus(long t, long d) {
        long r = t + d;
        if (((t ^ r) & (d ^ r)) < 0) {
            return d > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }

    /** {@code t - d}, saturated at the ends of {@code long}. */
    static long minus(long t, long d) {
        long r = t - d;
        if (((t ^ d) & (t ^ r)) < 0) {
            return d < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }

    @Override
    public void collect(int input, Object[] row) {
        pending.emitTo(next);
        if (input == 0) {
            arrive(row, true);
        } else if (input == 1) {
            arrive(row, false);
        } else {
            throw new IllegalArgumentException("a join has inputs 0 and 1, not " + input);
        }
    }

    private void arrive(Object[] row, boolean fromLeft) {
        int tsIndex = fromLeft ? leftTs : rightTs;
        Object stamp = row[tsIndex];
        long t = (Long) stamp;
        if (t <= watermark) {
            late++;
            return;
        }
        int[] keyIndexes = fromLeft ? layout.leftKeys : layout.rightKeys;
        boolean outer = fromLeft ? layout.leftOuter : layout.rightOuter;
        if (KeyIndex.hasNull(row, keyIndexes)) {
            if (outer) {
                emitAlone(row, fromLeft, stamp);
            }
            return;
        }
        // the other side's partners have event times in [lo, hi]: this row can meet rows still to
        // come (event times after the watermark) until the watermark reaches hi
        long lo = fromLeft ? plus(t, lower) : minus(t, upper);
        long hi = fromLeft ? plus(t, upper) : minus(t, lower);
        int hash = KeyIndex.hash(row, keyIndexes);
        int slot = keys.find(row, keyIndexes, hash);
        boolean matched = false;
        if (slot >= 0) {
            IntervalSide other = fromLeft ? right : left;
            int otherTs = fromLeft ? rightTs : leftTs;
            for (int o = other.heads[slot]; o >= 0; o = other.next[o]) {
                long ot = other.times[o];
                if (ot < lo || ot > hi) {
                    continue;
                }
                Object[] partner = other.rows[o];
                Object[] l = fromLeft ? row : partner;
                Object[] r = fromLeft ? partner : row;
                if (condition == null || condition.test(l, r)) {
                    next.collect(layout.pair(l, r, ot > t ? partner[otherTs] : stamp));
                    other.matched[o] = true;
                    matched = true;
                }
            }
        }
        if (hi <= watermark) {
            // no partner can come any more (a bound of the other sign): expired on arrival
            if (outer && !matched) {
                emitAlone(row, fromLeft, stamp);
            }
            return;
        }
        if (slot < 0) {
            slot = keys.findOrAdd(row, keyIndexes, hash);
            left.ensureKeys(keys.capacity());
            right.ensureKeys(keys.capacity());
        }
        (fromLeft ? left : right).add(row, t, slot, hi, matched);
    }

    private void emitAlone(Object[] row, boolean fromLeft, Object stamp) {
        next.collect(fromLeft ? layout.leftOnly(row, stamp) : layout.rightOnly(row, stamp));
    }

    @Override
    public void watermark(long w) {
        pending.emitTo(next);
        if (w == Watermarks.IDLE) {
            idle = true;
            next.watermark(w);
            return;
        }
        if (w > watermark) {
            watermark = w;
            expire(left, true, w);
            expire(right, false, w);
        }
        long out = w == Watermarks.END ? w : held(watermark);
        if (out > emitted) {
            emitted = out;
            idle = false;
            next.watermark(out);
        } else if (idle && emitted != Watermarks.NONE) {
            // active again after idleness, though not further on
            idle = false;
            next.watermark(emitted);
        }
    }

    /** The watermark passed on for input watermark {@code w}: no padded row to come is at or before it. */
    private long held(long w) {
        long out = w;
        if (layout.leftOuter) {
            // a left row not expired yet has l.ts + upper > w
            out = Math.min(out, minus(w, upper));
        }
        if (layout.rightOuter) {
            // a right row not expired yet has r.ts - lower > w
            out = Math.min(out, plus(w, lower));
        }
        return out;
    }

    private void expire(IntervalSide side, boolean isLeft, long w) {
        boolean outer = isLeft ? layout.leftOuter : layout.rightOuter;
        int tsIndex = isLeft ? leftTs : rightTs;
        while (side.expiresBy(w)) {
            int id = side.pollExpired();
            if (outer && !side.matched[id]) {
                Object[] row = side.rows[id];
                emitAlone(row, isLeft, row[tsIndex]);
            }
            int slot = side.keySlots[id];
            side.remove(id);
            if (!left.holdsKey(slot) && !right.holdsKey(slot)) {
                keys.remove(slot);
            }
        }
    }

    @Override
    public void flush() {
        pending.emitTo(next);
        next.flush();
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        next.barrier(epoch, thenStop);
    }

    /** The input has ended: every row expires (as at the final watermark), then the output finishes. */
    @Override
    public void finish() {
        pending.emitTo(next);
        if (watermark != Watermarks.END) {
            watermark(Watermarks.END);
        }
        next.finish();
    }

    @Override
    public long lateRows() {
        return late;
    }

    /** Copies the references to the rows held, in heap order, and returns a deferred state written from them. */
    @Override
    public StateWriter snapshot(long epoch) {
        pending.emitTo(next);
        long w = watermark;
        long e = emitted;
        boolean wasIdle = idle;
        long lateRows = late;
        Object[][] leftRows = rowsInHeapOrder(left);
        byte[] leftMatched = partnerFlags(left);
        Object[][] rightRows = rowsInHeapOrder(right);
        byte[] rightMatched = partnerFlags(right);
        return StateWriter.deferred(out -> {
            out.writeInt(MAGIC);
            layout.writeShape(out);
            out.writeLong(lower);
            out.writeLong(upper);
            out.writeLong(w);
            out.writeLong(e);
            out.writeBoolean(wasIdle);
            out.writeLong(lateRows);
            writeSide(out, leftRows, leftMatched, layout.leftWidth);
            writeSide(out, rightRows, rightMatched, layout.rightWidth);
        });
    }

    /**
     * A side's rows in heap order: adding them in this order to an empty side rebuilds the same
     * heap (a heap's array is an insertion order that never sifts), so restored rows expire in the
     * order the snapshotted ones would have.
     */
    private static Object[][] rowsInHeapOrder(IntervalSide side) {
        Object[][] rows = new Object[side.count()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = side.rows[side.heapId(i)];
        }
        return rows;
    }

    private static byte[] partnerFlags(IntervalSide side) {
        byte[] matched = new byte[side.count()];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = (byte) (side.matched[side.heapId(i)] ? 1 : 0);
        }
        return matched;
    }

    /** A side's rows: how many, whether each found a partner, then the rows. */
    private static void writeSide(StateWriter out, Object[][] rows, byte[] matched, int width) {
        out.writeInt(rows.length);
        out.writeBytes(matched, 0, matched.length);
        JoinLayout.writeRows(out, rows.length, width, i -> rows[i]);
    }

    @Override
    public void restore(StateReader in) throws IOException {
        if (in == null) {
            throw new IOException("the checkpoint holds no state for this interval join");
        }
        if (in.readInt() != MAGIC) {
            throw new IOException("not the state of an interval join (another operator's, or another version)");
        }
        layout.checkShape(in, "the interval join");
        long l = in.readLong();
        long u = in.readLong();
        if (l != lower || u != upper) {
            throw new IOException("the state is of an interval join of [" + l + ", " + u + "] ns, the operator's is ["
                    + lower + ", " + upper + "] ns: the query changed");
        }
        long w = in.readLong();
        long e = in.readLong();
        boolean wasIdle = in.readBoolean();
        long lateRows = in.readLong();
        reset();
        readSide(in, true);
        readSide(in, false);
        watermark = w;
        emitted = e;
        idle = wasIdle;
        late = lateRows;
    }

    private void readSide(StateReader in, boolean isLeft) throws IOException {
        int n = in.readInt();
        byte[] matched = new byte[n];
        in.readBytes(matched, 0, n);
        int[] i = {0};
        JoinLayout.readRows(in, n, isLeft ? layout.leftWidth : layout.rightWidth,
                row -> hold(row, isLeft, matched[i[0]++] != 0));
    }

    /** Holds a restored row again, with the expiry it had. */
    private void hold(Object[] row, boolean isLeft, boolean hasPartner) throws IOException {
        int[] keyIndexes = isLeft ? layout.leftKeys : layout.rightKeys;
        if (!(row[isLeft ? leftTs : rightTs] instanceof Long time) || KeyIndex.hasNull(row, keyIndexes)) {
            throw new IOException("the state of the interval join holds a row without event time or with a NULL key");
        }
        int slot = keys.findOrAdd(row, keyIndexes, KeyIndex.hash(row, keyIndexes));
        left.ensureKeys(keys.capacity());
        right.ensureKeys(keys.capacity());
        long expiry = isLeft ? plus(time, upper) : minus(time, lower);
        (isLeft ? left : right).add(row, time, slot, expiry, hasPartner);
    }

    @Override
    public boolean keyed() {
        return true;
    }

    /**
     * Restores from the states of several old subtasks (a checkpoint taken at another
     * parallelism): each is restored into a join of its own and brought up to the highest
     * watermark among them — the rows that expires are emitted as the lagging old subtask would
     * have, those of the keys owned here first once the task runs — then the rows of the keys
     * owned here move into this join, in each old join's heap order. The late-row count of each
     * old subtask is taken by one new subtask.
     */
    @Override
    public void restore(List<StatePart> parts, KeyRange owned) throws IOException {
        OwnedRows fired = OwnedRows.byHash(owned, layout::outputOwnerHash);
        List<IntervalJoin> olds = new ArrayList<>(parts.size());
        long w = Watermarks.NONE;
        for (StatePart part : parts) {
            IntervalJoin old = new IntervalJoin(layout, condition, fired, lower, upper);
            old.restore(part.state());
            olds.add(old);
            w = Math.max(w, old.watermark);
        }
        reset();
        long e = Watermarks.NONE;
        long lateRows = 0;
        for (int i = 0; i < olds.size(); i++) {
            IntervalJoin old = olds.get(i);
            old.watermark(w);
            e = Math.max(e, old.emitted);
            if (parts.get(i).countedBy(owned)) {
                lateRows += old.late;
            }
            for (int j = 0, n = old.left.count(); j < n; j++) {
                int id = old.left.heapId(j);
                Object[] row = old.left.rows[id];
                if (owned.contains(layout.leftOwnerHash(row))) {
                    hold(row, true, old.left.matched[id]);
                }
            }
            for (int j = 0, n = old.right.count(); j < n; j++) {
                int id = old.right.heapId(j);
                Object[] row = old.right.rows[id];
                if (owned.contains(layout.rightOwnerHash(row))) {
                    hold(row, false, old.right.matched[id]);
                }
            }
        }
        watermark = w;
        emitted = e;
        idle = false;
        late = lateRows;
        pending = fired;
    }

    /** Rows held now, both sides, for tests. */
    int heldRows() {
        return left.count() + right.count();
    }

    /** Keys held now, for tests. */
    int heldKeys() {
        return keys.size();
    }
}
