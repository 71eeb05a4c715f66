package org.wadi.worker.internal.join;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.EventTimeRows;
import org.wadi.worker.internal.runtime.KeyIndex;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.OwnedRows;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * {@link org.wadi.spi.plan.JoinKind#WINDOW}: both inputs are results of the same window, so a row's
 * {@code _timestamp} names its window, and rows join only within one. Rows are collected per event
 * time; when the watermark reaches an event time, its rows are hash-joined on the keys (a table of
 * the right rows' keys, probed by each left row), the unmatched rows of an outer side are emitted
 * padded with NULLs, and the rows are freed. Every output row is stamped with its window's event
 * time, which the watermark passed on next has reached: the output is append-only.
 *
 * <p>Rows with a NULL key match nothing (as SQL {@code =}); an outer side's are still emitted. Rows
 * at or before the watermark when they arrive are dropped and counted.
 *
 * <p>Checkpoints: the snapshot freezes the rows held ({@link EventTimeRows#freeze}) into a deferred
 * state that the uploader writes, so the barrier holds the task up for a few fields per event time. The state is
 * keyed: at another parallelism, see {@link #restore(List, KeyRange)}.
 */
final class WindowJoin implements Joins.Join {

    /** Marks (and versions) a window join's state. */
    private static final int MAGIC = 0x574A5701;

    private final JoinLayout layout;
    private final JoinCondition condition;
    private final RowOutput next;
    private final int leftTs;
    private final int rightTs;

    /** The rows of both sides (left 0, right 1) per event time. */
    private final EventTimeRows held = new EventTimeRows(2);

    /** Scratch of the hash join: the right rows' keys, per key its first right row, per right row the next. */
    private final KeyIndex index;
    private int[] chainHeads = new int[64];
    private int[] chainNext = new int[64];
    private boolean[] rightMatched = new boolean[64];

    private long watermark = Watermarks.NONE;
    /** Whether the last watermark passed on was {@link Watermarks#IDLE}. */
    private boolean idle;
    private long late;

    /** Results a restore at another parallelism produced, emitted before anything else. */
    private OwnedRows pending = OwnedRows.NONE;

    private WindowJoin(JoinLayout layout, JoinCondition condition, RowOutput next) {
        this.layout = layout;
        this.condition = condition;
        this.next = next;
        this.leftTs = layout.leftWidth - 1;
        this.rightTs = layout.rightWidth - 1;
        this.index = new KeyIndex(layout.rightKeys.length, 64);
    }

    static Joins.Join create(String operatorId, JoinOperator spec, JoinCondition condition, RowOutput next)
            throws PlanException {
        return new WindowJoin(JoinLayout.appendOnly(operatorId, spec), condition, next);
    }

    @Override
    public void collect(int input, Object[] row) {
        pending.emitTo(next);
        long t;
        if (input == 0) {
            t = (Long) row[leftTs];
        } else if (input == 1) {
            t = (Long) row[rightTs];
        } else {
            throw new IllegalArgumentException("a join has inputs 0 and 1, not " + input);
        }
        if (t <= watermark) {
            late++;
            return;
        }
        held.add(t, input, row);
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
            held.fireUpTo(w, this::join);
            idle = false;
            next.watermark(w);
        } else if (idle && watermark != Watermarks.NONE) {
            // active again after idleness, though not further on
            idle = false;
            next.watermark(watermark);
        }
    }

    /** Joins the rows of one window and emits the results. */
    private void join(EventTimeRows.Group g) {
        int nl = g.count(0);
        int nr = g.count(1);
        if ((nl == 0 && !layout.rightOuter) || (nr == 0 && !layout.leftOuter)) {
            return;
        }
        Object[][] lefts = g.rows(0);
        Object[][] rights = g.rows(1);
        if (nr > chainNext.length) {
            int n = Math.max(nr, chainNext.length * 2);
            chainNext = new int[n];
            rightMatched = new boolean[n];
        }
        int[] rk = layout.rightKeys;
        index.clear();
        // backwards, so that each key's chain lists its right rows in arrival order
        for (int i = nr - 1; i >= 0; i--) {
            Object[] r = rights[i];
            rightMatched[i] = false;
            if (KeyIndex.hasNull(r, rk)) {
                continue;
            }
            int keys = index.size();
            int slot = index.findOrAdd(r, rk, KeyIndex.hash(r, rk));
            if (index.size() != keys) {
                if (slot >= chainHeads.length) {
                    chainHeads = Arrays.copyOf(chainHeads, index.capacity());
                }
                chainHeads[slot] = -1;
            }
            chainNext[i] = chainHeads[slot];
            chainHeads[slot] = i;
        }
        int[] lk = layout.leftKeys;
        for (int li = 0; li < nl; li++) {
            Object[] l = lefts[li];
            boolean matched = false;
            if (nr > 0 && !KeyIndex.hasNull(l, lk)) {
                int slot = index.find(l, lk, KeyIndex.hash(l, lk));
                for (int i = slot < 0 ? -1 : chainHeads[slot]; i >= 0; i = chainNext[i]) {
                    Object[] r = rights[i];
                    if (condition == null || condition.test(l, r)) {
                        next.collect(layout.pair(l, r, l[leftTs]));
                        rightMatched[i] = true;
                        matched = true;
                    }
                }
            }
            if (!matched && layout.leftOuter) {
                next.collect(layout.leftOnly(l, l[leftTs]));
            }
        }
        if (layout.rightOuter) {
            for (int i = 0; i < nr; i++) {
                if (!rightMatched[i]) {
                    Object[] r = rights[i];
                    next.collect(layout.rightOnly(r, r[rightTs]));
                }
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

    /** The input has ended: every window is joined (as at the final watermark), then the output finishes. */
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

    /** Marks the groups shared and returns a deferred state written from them. */
    @Override
    public StateWriter snapshot(long epoch) {
        pending.emitTo(next);
        long w = watermark;
        boolean wasIdle = idle;
        long lateRows = late;
        EventTimeRows.Frozen groups = held.freeze();
        return StateWriter.deferred(out -> {
            out.writeInt(MAGIC);
            layout.writeShape(out);
            out.writeLong(w);
            out.writeBoolean(wasIdle);
            out.writeLong(lateRows);
            out.writeInt(groups.size());
            for (int j = 0; j < groups.size(); j++) {
                Object[][] l = groups.rows(j, 0);
                Object[][] r = groups.rows(j, 1);
                out.writeLong(groups.time(j));
                out.writeInt(groups.count(j, 0));
                out.writeInt(groups.count(j, 1));
                JoinLayout.writeRows(out, groups.count(j, 0), layout.leftWidth, k -> l[k]);
                JoinLayout.writeRows(out, groups.count(j, 1), layout.rightWidth, k -> r[k]);
            }
        });
    }

    @Override
    public void restore(StateReader in) throws IOException {
        if (in == null) {
            throw new IOException("the checkpoint holds no state for this window join");
        }
        if (in.readInt() != MAGIC) {
            throw new IOException("not the state of a window join (another operator's, or another version)");
        }
        layout.checkShape(in, "the window join");
        long w = in.readLong();
        boolean wasIdle = in.readBoolean();
        long lateRows = in.readLong();
        reset();
        for (int n = in.readInt(); n > 0; n--) {
            long t = in.readLong();
            int nl = in.readInt();
            int nr = in.readInt();
            EventTimeRows.Group g = held.put(t);
            JoinLayout.readRows(in, nl, layout.leftWidth, r -> g.add(0, r));
            JoinLayout.readRows(in, nr, layout.rightWidth, r -> g.add(1, r));
        }
        watermark = w;
        idle = wasIdle;
        late = lateRows;
    }

    private void reset() {
        held.clear();
        pending = OwnedRows.NONE;
    }

    @Override
    public boolean keyed() {
        return true;
    }

    /**
     * Restores from the states of several old subtasks (a checkpoint taken at another
     * parallelism): each is restored into a join of its own and brought up to the highest
     * watermark among them — the windows that closes are joined as the lagging old subtask would
     * have, and the results of the keys owned here are emitted first once the task runs — then the
     * rows of the keys owned here move into this join. The late-row count of each old subtask is
     * taken by one new subtask.
     */
    @Override
    public void restore(List<StatePart> parts, KeyRange owned) throws IOException {
        OwnedRows fired = OwnedRows.byHash(owned, layout::outputOwnerHash);
        List<WindowJoin> olds = new ArrayList<>(parts.size());
        long w = Watermarks.NONE;
        for (StatePart part : parts) {
            WindowJoin old = new WindowJoin(layout, condition, fired);
            old.restore(part.state());
            olds.add(old);
            w = Math.max(w, old.watermark);
        }
        reset();
        long lateRows = 0;
        for (int i = 0; i < olds.size(); i++) {
            WindowJoin old = olds.get(i);
            old.watermark(w);
            if (parts.get(i).countedBy(owned)) {
                lateRows += old.late;
            }
            held.addOwned(old.held, (side, row) -> owned.contains(
                    side == 0 ? layout.leftOwnerHash(row) : layout.rightOwnerHash(row)));
        }
        watermark = w;
        idle = false;
        late = lateRows;
        pending = fired;
    }

    /** Rows held now, both sides, for tests. */
    int heldRows() {
        return held.heldRows();
    }
}
