package org.wadi.worker.internal.updating;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.wadi.spi.types.RowKind;
import org.wadi.worker.internal.agg.AggColumn;
import org.wadi.worker.internal.runtime.KeyIndex;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.StatefulOperator;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * An aggregate without a window, emitting an updating stream in batches (see
 * {@link org.wadi.spi.plan.UpdatingAggregateOperator}). Rows update their key's accumulators at
 * once; a key changed since the last emission is remembered together with the row last emitted for
 * it (computed when it is first changed, so unchanged keys cost nothing), and an emission compares
 * each such key's result with that row: INSERT for a new key, UPDATE_BEFORE + UPDATE_AFTER for a
 * changed one, DELETE (and the key's state freed) when its rows are all retracted, nothing when the
 * result is the same.
 *
 * <p>After an emission every key's result is what was last emitted for it, so a snapshot — taken
 * right after one — holds the accumulators only; the state is keyed, so it can be restored at
 * another parallelism. Retractions of rows the operator does not hold (their key forgotten by TTL,
 * or never seen) are ignored.
 */
final class UpdatingAggregator implements StatefulOperator {

    /** Marks (and versions) the state of an updating aggregate. */
    private static final int MAGIC = 0x57550001;
    /** How many rows pass between two looks at the clock. */
    private static final int CLOCK_EVERY = 1024;

    private final int[] keyColumns;
    private final AggColumn[] aggregates;
    /** The input's {@code _op} column, or -1 for an append input. */
    private final int opIndex;
    private final int timestampIndex;
    private final int outputWidth;
    private final long ttlNanos;
    private final long flushNanos;
    private final LongSupplier clock;
    private final RowOutput next;

    private KeyIndex index;
    /** Per slot: the rows added minus the rows retracted. */
    private long[] rows;
    /** Per slot: the largest event time among the key's rows (its results' {@code _timestamp}). */
    private long[] maxTime;
    /** Per slot: whether a row of it is out (its last emission was not a DELETE). */
    private boolean[] emitted;
    /** Per slot: whether it changed since the last emission. */
    private boolean[] dirty;
    private int capacity;

    /** The keys changed since the last emission, in the order of their first change. */
    private int[] dirtySlots = new int[64];
    /** For each of {@link #dirtySlots}: the row last emitted for it (as UPDATE_BEFORE), or null. */
    private Object[][] dirtyBefore = new Object[64][];
    private int dirtyCount;

    private long watermark = Watermarks.NONE;
    /** No key expires before this event time (a lower bound, for TTL). */
    private long nextExpiry = Long.MAX_VALUE;
    private long lastEmission;
    private int sinceClock;

    UpdatingAggregator(int[] keyColumns, AggColumn[] aggregates, int opIndex, int timestampIndex, long ttlNanos,
            long flushNanos, LongSupplier clock, RowOutput next) {
        this.keyColumns = keyColumns;
        this.aggregates = aggregates;
        this.opIndex = opIndex;
        this.timestampIndex = timestampIndex;
        this.outputWidth = keyColumns.length + aggregates.length + 2;
        this.ttlNanos = ttlNanos;
        this.flushNanos = flushNanos;
        this.clock = clock;
        this.next = next;
        reset();
        this.lastEmission = clock.getAsLong();
    }

    private void reset() {
        index = new KeyIndex(keyColumns.length, 16);
        capacity = 0;
        rows = new long[0];
        maxTime = new long[0];
        emitted = new boolean[0];
        dirty = new boolean[0];
        ensureCapacity();
    }

    /** Grows the per-key arrays to the key index's capacity. */
    private void ensureCapacity() {
        int c = index.capacity();
        if (c <= capacity) {
            return;
        }
        rows = Arrays.copyOf(rows, c);
        maxTime = Arrays.copyOf(maxTime, c);
        emitted = Arrays.copyOf(emitted, c);
        dirty = Arrays.copyOf(dirty, c);
        for (AggColumn a : aggregates) {
            a.grow(c);
        }
        capacity = c;
    }

    @Override
    public void collect(Object[] row) {
        int op = opIndex < 0 ? RowKind.INSERT : (Integer) row[opIndex];
        long t = (Long) row[timestampIndex];
        if (RowKind.isAddition(op)) {
            int slot = index.findOrAdd(row, keyColumns);
            if (index.added()) {
                ensureCapacity();
                maxTime[slot] = t;
                if (ttlNanos > 0) {
                    nextExpiry = Math.min(nextExpiry, expiry(t));
                }
            }
            touch(slot, t);
            for (AggColumn a : aggregates) {
                a.add(slot, row);
            }
            rows[slot]++;
        } else {
            int slot = index.find(row, keyColumns);
            if (slot >= 0 && rows[slot] > 0) {
                touch(slot, t);
                for (AggColumn a : aggregates) {
                    a.retract(slot, row);
                }
                rows[slot]--;
            }
        }
        if (++sinceClock >= CLOCK_EVERY) {
            sinceClock = 0;
            if (clock.getAsLong() - lastEmission >= flushNanos) {
                emit();
            }
        }
    }

    /** Before a row changes {@code slot}: remembers the key as changed, with what was emitted for it. */
    private void touch(int slot, long t) {
        if (!dirty[slot]) {
            dirty[slot] = true;
            if (dirtyCount == dirtySlots.length) {
                dirtySlots = Arrays.copyOf(dirtySlots, dirtyCount * 2);
                dirtyBefore = Arrays.copyOf(dirtyBefore, dirtyCount * 2);
            }
            dirtySlots[dirtyCount] = slot;
            dirtyBefore[dirtyCount] = emitted[slot] ? result(slot, RowKind.UPDATE_BEFORE) : null;
            dirtyCount++;
        }
        if (t > maxTime[slot]) {
            maxTime[slot] = t;
        }
    }

    /** The key's result now, as an output row of kind {@code kind}. */
    private Object[] result(int slot, int kind) {
        Object[] out = new Object[outputWidth];
        int k = keyColumns.length;
        for (int j = 0; j < k; j++) {
            out[j] = index.key(slot, j);
        }
        for (int i = 0; i < aggregates.length; i++) {
            out[k + i] = aggregates[i].result(slot);
        }
        out[outputWidth - 2] = RowKind.of(kind);
        out[outputWidth - 1] = maxTime[slot];
        return out;
    }

    /** Emits the net change of every key changed since the last emission. */
    private void emit() {
        lastEmission = clock.getAsLong();
        sinceClock = 0;
        int k = keyColumns.length;
        int end = k + aggregates.length;
        for (int i = 0; i < dirtyCount; i++) {
            int slot = dirtySlots[i];
            Object[] before = dirtyBefore[i];
            dirtyBefore[i] = null;
            dirty[slot] = false;
            if (rows[slot] <= 0) {
                if (before != null) {
                    before[outputWidth - 2] = RowKind.of(RowKind.DELETE);
                    next.collect(before);
                }
                free(slot);
                continue;
            }
            Object[] now = result(slot, before == null ? RowKind.INSERT : RowKind.UPDATE_AFTER);
            if (before == null) {
                next.collect(now);
            } else if (!sameResults(before, now, k, end)) {
                next.collect(before);
                next.collect(now);
            }
            emitted[slot] = true;
        }
        dirtyCount = 0;
    }

    private static boolean sameResults(Object[] a, Object[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!KeyIndex.same(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    private void free(int slot) {
        index.remove(slot);
        for (AggColumn a : aggregates) {
            a.clearSlot(slot);
        }
        rows[slot] = 0;
        emitted[slot] = false;
    }

    private long expiry(long time) {
        return time > Long.MAX_VALUE - ttlNanos ? Long.MAX_VALUE : time + ttlNanos;
    }

    /**
     * Forgets, without a DELETE, the keys whose newest row is {@code ttlNanos} or more behind the
     * watermark — except keys with changes not emitted yet: they go at a sweep after their emission.
     */
    private void expire() {
        long earliest = Long.MAX_VALUE;
        for (int s = 0, n = index.limit(); s < n; s++) {
            if (!index.live(s)) {
                continue;
            }
            long e = expiry(maxTime[s]);
            if (e <= watermark && !dirty[s]) {
                free(s);
            } else {
                earliest = Math.min(earliest, e);
            }
        }
        nextExpiry = earliest;
    }

    @Override
    public void watermark(long w) {
        if (w == Watermarks.END) {
            emit();
        } else if (w != Watermarks.IDLE && w > watermark) {
            watermark = w;
            if (ttlNanos > 0 && w >= nextExpiry) {
                expire();
            }
        }
        next.watermark(w);
    }

    @Override
    public void flush() {
        if (dirtyCount > 0 && clock.getAsLong() - lastEmission >= flushNanos) {
            emit();
        }
        next.flush();
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        // the snapshot, taken just before, emitted every change
        next.barrier(epoch, thenStop);
    }

    @Override
    public void finish() {
        emit();
        next.finish();
    }

    /** Emits the pending changes (so that they precede the barrier), then writes the accumulators. */
    @Override
    public StateWriter snapshot(long epoch) {
        emit();
        int n = index.size();
        int[] slots = new int[n];
        for (int s = 0, i = 0, limit = index.limit(); s < limit; s++) {
            if (index.live(s)) {
                slots[i++] = s;
            }
        }
        StateWriter out = new StateWriter();
        out.writeInt(MAGIC);
        out.writeLong(watermark);
        out.writeInt(keyColumns.length);
        out.writeInt(aggregates.length);
        out.writeInt(n);
        Object[] column = new Object[n];
        for (int j = 0; j < keyColumns.length; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = index.key(slots[i], j);
            }
            Values.writeColumn(out, column, 0, 1, n);
        }
        writeLongs(out, rows, slots, n);
        writeLongs(out, maxTime, slots, n);
        for (AggColumn a : aggregates) {
            a.write(out, slots, n);
        }
        return out;
    }

    @Override
    public void restore(StateReader in) throws IOException {
        if (in == null) {
            throw new IOException("the checkpoint holds no state for this updating aggregate");
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
     * their keys are disjoint, so all are read, then the keys this subtask does not own are dropped.
     * The watermark is the highest among them: it only decides when keys expire.
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
                free(s);
            }
        }
        watermark = w;
        restored();
    }

    /** Empties the operator for a restore. */
    private void clear() {
        for (int s = 0, limit = index.limit(); s < limit; s++) {
            if (index.live(s)) {
                free(s);
            }
        }
        Arrays.fill(dirty, false);
        Arrays.fill(dirtyBefore, null);
        dirtyCount = 0;
        reset();
    }

    /** Adds the keys of one snapshot (of this operator or another subtask's) to the state; returns its watermark. */
    private long readPart(StateReader in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not the state of an updating aggregate (another operator's, or another version)");
        }
        long w = in.readLong();
        int keys = in.readInt();
        int aggs = in.readInt();
        if (keys != keyColumns.length || aggs != aggregates.length) {
            throw new IOException("the state has " + keys + " keys and " + aggs + " aggregates, the operator "
                    + keyColumns.length + " and " + aggregates.length + ": the query changed");
        }
        int n = in.readInt();
        Object[] values = new Object[Math.max(1, keys) * n];
        for (int j = 0; j < keys; j++) {
            Values.readColumn(in, values, j, keys, n);
        }
        // nothing was removed since the clear: the keys take the next slots, in order
        int from = index.limit();
        for (int i = 0; i < n; i++) {
            index.addNew(values, i * keys);
        }
        ensureCapacity();
        in.readLongs(rows, from, n);
        in.readLongs(maxTime, from, n);
        for (AggColumn a : aggregates) {
            a.read(in, from, n);
        }
        Arrays.fill(emitted, from, from + n, true);
        return w;
    }

    /** After a restore: every key's result is what was emitted last; the clock starts now. */
    private void restored() {
        nextExpiry = Long.MAX_VALUE;
        if (ttlNanos > 0) {
            for (int s = 0, limit = index.limit(); s < limit; s++) {
                if (index.live(s)) {
                    nextExpiry = Math.min(nextExpiry, expiry(maxTime[s]));
                }
            }
        }
        lastEmission = clock.getAsLong();
        sinceClock = 0;
    }

    private static void writeLongs(StateWriter out, long[] a, int[] slots, int count) {
        long[] gathered = new long[count];
        for (int i = 0; i < count; i++) {
            gathered[i] = a[slots[i]];
        }
        out.writeLongs(gathered, 0, count);
    }

    /** The keys held now, for tests. */
    int keyCount() {
        return index.size();
    }
}
