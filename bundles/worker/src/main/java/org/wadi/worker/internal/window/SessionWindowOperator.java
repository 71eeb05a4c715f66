package org.wadi.worker.internal.window;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;
import org.wadi.worker.internal.agg.AggColumn;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.OwnedRows;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * SESSION windows: per key, a row at {@code t} opens {@code [t, t + gap)}, and sessions of a key
 * that overlap merge (their accumulators too). A session is emitted once the watermark reaches its
 * end minus one nanosecond; then no row can extend it any more.
 *
 * <p>State: key → its open sessions (usually one); every session's accumulators in one slot of
 * shared accumulator columns (slots are reused); a queue of sessions by end, whose entries are
 * refreshed lazily when a session grew after it was queued.
 *
 * <p>Checkpoints: the snapshot gathers the open sessions and hands the accumulator columns over as
 * they are; the uploader writes them later, and the operator copies them before it changes them
 * again (copy on write). The state is keyed: for a restore at another parallelism see
 * {@link #restore(List, KeyRange)}.
 */
final class SessionWindowOperator implements WindowOperator {

    /** Marks (and versions) a session window's state. */
    private static final int MAGIC = 0x57530001;

    private static final class Session {
        final Object key;
        final Object[] keyValues;
        long start;
        long end;
        /** The end this session is queued under; it may have grown since. */
        long queuedEnd;
        final int slot;
        boolean closed;

        Session(Object key, Object[] keyValues, long start, long end, int slot) {
            this.key = key;
            this.keyValues = keyValues;
            this.start = start;
            this.end = end;
            this.queuedEnd = end;
            this.slot = slot;
        }
    }

    /** A key of several columns, as a hash map key. */
    private record Tuple(Object[] values) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Tuple t) || t.values.length != values.length) {
                return false;
            }
            for (int i = 0; i < values.length; i++) {
                if (!KeyTable.same(values[i], t.values[i])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 0;
            for (Object v : values) {
                h = 31 * h + KeyTable.hash(v);
            }
            return h;
        }
    }

    private final long gap;
    private final int[] keyIndexes;
    private AggColumn[] aggs;
    /** A snapshot holds the accumulator columns: copy them before changing them ({@link #thaw}). */
    private boolean frozen;
    private final int timestampIndex;
    private final RowOutput next;

    private final HashMap<Object, List<Session>> byKey = new HashMap<>();
    private final PriorityQueue<Session> byEnd = new PriorityQueue<>((a, b) -> Long.compare(a.queuedEnd, b.queuedEnd));
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int slots;
    private int capacity = 16;

    private long watermark = Watermarks.NONE;
    private long late;
    /** Results a restore at another parallelism produced, emitted before anything else. */
    private OwnedRows pending = OwnedRows.NONE;

    SessionWindowOperator(long gap, int[] keyIndexes, AggColumn[] prototypes, int timestampIndex, RowOutput next) {
        this.gap = gap;
        this.keyIndexes = keyIndexes;
        this.aggs = new AggColumn[prototypes.length];
        for (int i = 0; i < aggs.length; i++) {
            aggs[i] = prototypes[i].fresh();
        }
        this.timestampIndex = timestampIndex;
        this.next = next;
    }

    @Override
    public void collect(Object[] row) {
        pending.emitTo(next);
        long t = (Long) row[timestampIndex];
        if (t <= watermark) {
            late++;
            return;
        }
        if (frozen) {
            thaw();
        }
        Object key;
        if (keyIndexes.length == 1) {
            key = row[keyIndexes[0]];
        } else {
            Object[] values = new Object[keyIndexes.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = row[keyIndexes[j]];
            }
            key = new Tuple(values);
        }
        List<Session> sessions = byKey.get(key);
        long end = t + gap;
        Session into = null;
        if (sessions != null) {
            for (int i = 0; i < sessions.size(); i++) {
                Session s = sessions.get(i);
                if (s.start < end && t < s.end) {
                    if (into == null) {
                        into = s;
                        into.start = Math.min(into.start, t);
                        into.end = Math.max(into.end, end);
                    } else {
                        // the row bridges two sessions: they become one
                        into.start = Math.min(into.start, s.start);
                        into.end = Math.max(into.end, s.end);
                        for (int a = 0; a < aggs.length; a++) {
                            aggs[a].merge(into.slot, aggs[a], s.slot);
                        }
                        s.closed = true;
                        release(s.slot);
                        sessions.remove(i--);
                    }
                }
            }
        } else {
            sessions = new ArrayList<>(1);
            byKey.put(key, sessions);
        }
        if (into == null) {
            Object[] keyValues = new Object[keyIndexes.length];
            for (int j = 0; j < keyValues.length; j++) {
                keyValues[j] = row[keyIndexes[j]];
            }
            into = new Session(key, keyValues, t, end, allocate());
            sessions.add(into);
            byEnd.add(into);
        }
        for (AggColumn a : aggs) {
            a.add(into.slot, row);
        }
    }

    private int allocate() {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            slot = slots++;
            if (slot >= capacity) {
                capacity *= 2;
                for (AggColumn a : aggs) {
                    a.grow(capacity);
                }
            }
        }
        return slot;
    }

    private void release(int slot) {
        // the slot's accumulators start from empty when it is reused
        clearSlot(slot);
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
    }

    private void clearSlot(int slot) {
        for (AggColumn a : aggs) {
            a.clearSlot(slot);
        }
    }

    @Override
    public void watermark(long w) {
        pending.emitTo(next);
        if (w == Watermarks.IDLE) {
            next.watermark(w);
            return;
        }
        if (w <= watermark) {
            return;
        }
        watermark = w;
        int width = keyIndexes.length + aggs.length + 2;
        while (!byEnd.isEmpty() && byEnd.peek().queuedEnd - 1 <= w) {
            Session s = byEnd.poll();
            if (s.closed) {
                continue;
            }
            if (s.end != s.queuedEnd) {
                s.queuedEnd = s.end;
                byEnd.add(s);
                continue;
            }
            if (frozen) {
                thaw();
            }
            Object[] row = new Object[width];
            System.arraycopy(s.keyValues, 0, row, 0, s.keyValues.length);
            for (int a = 0; a < aggs.length; a++) {
                row[keyIndexes.length + a] = aggs[a].result(s.slot);
            }
            row[width - 2] = new Object[] {s.start, s.end};
            row[width - 1] = s.end - 1;
            next.collect(row);
            s.closed = true;
            release(s.slot);
            List<Session> sessions = byKey.get(s.key);
            sessions.remove(s);
            if (sessions.isEmpty()) {
                byKey.remove(s.key);
            }
        }
        next.watermark(w);
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

    /** Empty accumulator columns of their own, before a restore fills them. */
    private void resetAccumulators() {
        for (int a = 0; a < aggs.length; a++) {
            aggs[a] = aggs[a].fresh();
        }
        frozen = false;
        capacity = 16;
    }

    /** Before changing accumulators a snapshot holds: they become copies of their own. */
    private void thaw() {
        AggColumn[] own = new AggColumn[aggs.length];
        for (int a = 0; a < own.length; a++) {
            own[a] = aggs[a].copy();
        }
        aggs = own;
        frozen = false;
    }

    /**
     * Gathers the open sessions and freezes the accumulators (what the task thread must do at the
     * barrier); the returned deferred state is written from those by the uploader.
     */
    @Override
    public StateWriter snapshot(long epoch) {
        pending.emitTo(next);
        int n = 0;
        for (List<Session> sessions : byKey.values()) {
            n += sessions.size();
        }
        int k = keyIndexes.length;
        Object[] keys = new Object[Math.max(1, k) * n];
        long[] starts = new long[n];
        long[] ends = new long[n];
        int[] slotsOf = new int[n];
        int i = 0;
        for (List<Session> sessions : byKey.values()) {
            for (Session s : sessions) {
                System.arraycopy(s.keyValues, 0, keys, i * k, k);
                starts[i] = s.start;
                ends[i] = s.end;
                slotsOf[i] = s.slot;
                i++;
            }
        }
        AggColumn[] accumulators = aggs.clone();
        frozen = true;
        long w = watermark;
        long lateRows = late;
        int count = n;
        return StateWriter.deferred(out -> {
            out.writeInt(MAGIC);
            out.writeLong(w);
            out.writeLong(lateRows);
            out.writeInt(k);
            out.writeInt(accumulators.length);
            out.writeInt(count);
            for (int j = 0; j < k; j++) {
                Values.writeColumn(out, keys, j, k, count);
            }
            out.writeLongs(starts, 0, count);
            out.writeLongs(ends, 0, count);
            for (AggColumn a : accumulators) {
                a.write(out, slotsOf, count);
            }
        });
    }

    @Override
    public void restore(StateReader in) throws IOException {
        if (in == null) {
            throw new IOException("the checkpoint holds no state for this window operator");
        }
        if (in.readInt() != MAGIC) {
            throw new IOException("not the state of a SESSION window (a TUMBLE or HOP window's, or another version)");
        }
        long w = in.readLong();
        long lateRows = in.readLong();
        int k = in.readInt();
        int aggregates = in.readInt();
        if (k != keyIndexes.length || aggregates != aggs.length) {
            throw new IOException("the state has " + k + " keys and " + aggregates + " aggregates, the operator "
                    + keyIndexes.length + " and " + aggs.length + ": the query changed");
        }
        int n = in.readInt();
        Object[] keys = new Object[Math.max(1, k) * n];
        for (int j = 0; j < k; j++) {
            Values.readColumn(in, keys, j, k, n);
        }
        long[] starts = new long[n];
        long[] ends = new long[n];
        in.readLongs(starts, 0, n);
        in.readLongs(ends, 0, n);
        resetAccumulators();
        while (capacity < n) {
            capacity *= 2;
        }
        for (AggColumn a : aggs) {
            a.grow(capacity);
            a.read(in, 0, n);
        }
        byKey.clear();
        byEnd.clear();
        freeCount = 0;
        slots = n;
        pending = OwnedRows.NONE;
        for (int i = 0; i < n; i++) {
            Object[] keyValues = Arrays.copyOfRange(keys, i * k, i * k + k);
            Object key = k == 1 ? keyValues[0] : new Tuple(keyValues.clone());
            Session s = new Session(key, keyValues, starts[i], ends[i], i);
            byKey.computeIfAbsent(key, x -> new ArrayList<>(1)).add(s);
            byEnd.add(s);
        }
        watermark = w;
        late = lateRows;
    }

    @Override
    public boolean keyed() {
        return true;
    }

    /**
     * Restores from the states of several old subtasks (a checkpoint taken at another
     * parallelism), as {@link PaneWindowOperator#restore(List, KeyRange)} does: each old state is
     * restored into an operator of its own and brought up to the highest watermark among them (the
     * sessions that closes are emitted first once the task runs, for the keys owned here), then the
     * open sessions of the keys owned here move into this operator with their accumulators.
     */
    @Override
    public void restore(List<StatePart> parts, KeyRange owned) throws IOException {
        OwnedRows fired = OwnedRows.byLeadingColumns(owned, keyIndexes.length);
        List<SessionWindowOperator> olds = new ArrayList<>(parts.size());
        long w = Watermarks.NONE;
        for (StatePart part : parts) {
            SessionWindowOperator old = new SessionWindowOperator(gap, keyIndexes, aggs, timestampIndex, fired);
            old.restore(part.state());
            olds.add(old);
            w = Math.max(w, old.watermark);
        }
        byKey.clear();
        byEnd.clear();
        freeCount = 0;
        slots = 0;
        resetAccumulators();
        long lateRows = 0;
        for (int i = 0; i < olds.size(); i++) {
            SessionWindowOperator old = olds.get(i);
            old.watermark(w);
            if (parts.get(i).countedBy(owned)) {
                lateRows += old.late;
            }
            for (List<Session> sessions : old.byKey.values()) {
                for (Session s : sessions) {
                    if (!owned.contains(Partitioners.hash(s.keyValues, 0, s.keyValues.length))) {
                        continue;
                    }
                    Session moved = new Session(s.key, s.keyValues, s.start, s.end, allocate());
                    for (int a = 0; a < aggs.length; a++) {
                        aggs[a].merge(moved.slot, old.aggs[a], s.slot);
                    }
                    byKey.computeIfAbsent(s.key, x -> new ArrayList<>(1)).add(moved);
                    byEnd.add(moved);
                }
            }
        }
        watermark = w;
        late = lateRows;
        pending = fired;
    }

    @Override
    public void finish() {
        pending.emitTo(next);
        next.finish();
    }

    @Override
    public long lateRows() {
        return late;
    }
}
