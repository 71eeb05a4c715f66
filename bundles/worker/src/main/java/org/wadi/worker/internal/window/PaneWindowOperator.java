package org.wadi.worker.internal.window;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.wadi.worker.internal.agg.AggColumn;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.OwnedRows;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * TUMBLE and HOP windows, aggregated incrementally in panes: the event-time axis is cut into panes
 * of {@code gcd(width, slide)} (for TUMBLE, the window itself), and each row updates exactly one
 * pane's accumulators — not {@code width / slide} windows' — the technique of Arroyo's and Flink's
 * sliding windows. When the watermark passes a window's end, the panes it covers are combined
 * (one pane is emitted as it is) and the panes no later window needs are freed.
 *
 * <p>Windows are {@code [k·slide, k·slide + width)}, aligned to the epoch; a window {@code [s, e)}
 * is complete once the watermark reaches {@code e - 1}.
 *
 * <p>Checkpoints: the snapshot freezes the panes and returns a deferred state that the uploader
 * writes from them; a pane that gets rows after the barrier copies its accumulators first (copy on
 * write, {@link GroupTable#thaw}), so the barrier holds the task up only for the freezing, a few
 * fields per pane. The state is keyed: for a restore at another parallelism see
 * {@link #restore(List, KeyRange)}.
 */
final class PaneWindowOperator implements WindowOperator {

    /** Marks (and versions) a pane window's state. */
    private static final int MAGIC = 0x57500001;

    private final long width;
    private final long slide;
    private final long pane;
    private final int[] keyIndexes;
    private final AggColumn[] prototypes;
    private final int timestampIndex;
    private final RowOutput next;

    /** Pane start → its groups. */
    private final TreeMap<Long, GroupTable> panes = new TreeMap<>();
    /** Cleared tables kept for new panes: their arrays are already sized. */
    private final ArrayDeque<GroupTable> spare = new ArrayDeque<>();
    private GroupTable scratch;

    /** The pane rows went to last: most rows land in the same one as their predecessor. */
    private GroupTable currentPane;
    private long currentStart = Long.MAX_VALUE;
    private long currentEnd = Long.MIN_VALUE;

    private long watermark = Watermarks.NONE;
    /** The end of the earliest window not yet emitted that covers a pane; MAX_VALUE when none. */
    private long nextEnd = Long.MAX_VALUE;
    private long late;
    /** Results a restore at another parallelism produced, emitted before anything else. */
    private OwnedRows pending = OwnedRows.NONE;

    PaneWindowOperator(long width, long slide, int[] keyIndexes, AggColumn[] prototypes, int timestampIndex,
            RowOutput next) {
        this.width = width;
        this.slide = slide;
        this.pane = gcd(width, slide);
        this.keyIndexes = keyIndexes;
        this.prototypes = prototypes;
        this.timestampIndex = timestampIndex;
        this.next = next;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public void collect(Object[] row) {
        pending.emitTo(next);
        long t = (Long) row[timestampIndex];
        if (t <= watermark) {
            late++;
            return;
        }
        GroupTable p = currentPane;
        if (t < currentStart || t >= currentEnd) {
            p = paneFor(t);
        }
        p.add(row);
    }

    private GroupTable paneFor(long t) {
        long start = t - Math.floorMod(t, pane);
        GroupTable p = panes.get(start);
        if (p == null) {
            p = spare.isEmpty() ? new GroupTable(keyIndexes, prototypes) : spare.poll();
            panes.put(start, p);
            nextEnd = Math.min(nextEnd, firstEnd(start));
        } else if (p.frozen) {
            // a snapshot still writes this pane's accumulators: change copies
            p.thaw();
        }
        currentPane = p;
        currentStart = start;
        currentEnd = start + pane;
        return p;
    }

    /** The end of the earliest window that covers the pane starting at {@code paneStart}. */
    private long firstEnd(long paneStart) {
        // window starts s are multiples of the slide with paneStart - width < s <= paneStart
        return (Math.floorDiv(paneStart - width, slide) + 1) * slide + width;
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
        fire();
        next.watermark(w);
    }

    private void fire() {
        while (nextEnd != Long.MAX_VALUE && nextEnd - 1 <= watermark) {
            long end = nextEnd;
            long start = end - width;
            SortedMap<Long, GroupTable> covered = panes.subMap(start, end);
            int n = covered.size();
            if (n == 1) {
                covered.values().iterator().next().emit(start, end, keyIndexes.length, next);
            } else if (n > 1) {
                if (scratch == null) {
                    scratch = new GroupTable(keyIndexes, prototypes);
                }
                for (GroupTable p : covered.values()) {
                    scratch.mergeFrom(p);
                }
                scratch.emit(start, end, keyIndexes.length, next);
                scratch.clear();
            }
            nextEnd = end + slide;
            // panes that end at or before the next window's start are no longer needed
            long keepFrom = nextEnd - width;
            while (!panes.isEmpty() && panes.firstKey() + pane <= keepFrom) {
                Map.Entry<Long, GroupTable> gone = panes.pollFirstEntry();
                if (gone.getValue() == currentPane) {
                    currentPane = null;
                    currentStart = Long.MAX_VALUE;
                    currentEnd = Long.MIN_VALUE;
                }
                GroupTable t = gone.getValue();
                if (!t.shared) {
                    t.clear();
                    if (spare.size() < 4) {
                        spare.add(t);
                    }
                }
            }
            nextEnd = panes.isEmpty() ? Long.MAX_VALUE : Math.max(nextEnd, firstEnd(panes.firstKey()));
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

    /**
     * Freezes the panes and returns a deferred state written from them. Results a restore left
     * pending go out first: they precede the barrier and belong to no state any more.
     */
    @Override
    public StateWriter snapshot(long epoch) {
        pending.emitTo(next);
        long w = watermark;
        long end = nextEnd;
        long lateRows = late;
        int keys = keyIndexes.length;
        int aggregates = prototypes.length;
        long[] starts = new long[panes.size()];
        GroupTable.Frozen[] tables = new GroupTable.Frozen[starts.length];
        int i = 0;
        for (Map.Entry<Long, GroupTable> p : panes.entrySet()) {
            starts[i] = p.getKey();
            tables[i] = p.getValue().freeze();
            i++;
        }
        // the next row looks its pane up again, and thaws it
        currentPane = null;
        currentStart = Long.MAX_VALUE;
        currentEnd = Long.MIN_VALUE;
        return StateWriter.deferred(out -> {
            out.writeInt(MAGIC);
            out.writeLong(w);
            out.writeLong(end);
            out.writeLong(lateRows);
            out.writeInt(keys);
            out.writeInt(aggregates);
            out.writeInt(tables.length);
            for (int j = 0; j < tables.length; j++) {
                out.writeLong(starts[j]);
                tables[j].write(out);
            }
        });
    }

    @Override
    public void restore(StateReader in) throws IOException {
        if (in == null) {
            throw new IOException("the checkpoint holds no state for this window operator");
        }
        if (in.readInt() != MAGIC) {
            throw new IOException("not the state of a TUMBLE or HOP window (a SESSION window's, or another version)");
        }
        long w = in.readLong();
        long end = in.readLong();
        long lateRows = in.readLong();
        int keys = in.readInt();
        int aggregates = in.readInt();
        if (keys != keyIndexes.length || aggregates != prototypes.length) {
            throw new IOException("the state has " + keys + " keys and " + aggregates + " aggregates, the operator "
                    + keyIndexes.length + " and " + prototypes.length + ": the query changed");
        }
        reset();
        for (int i = in.readInt(); i > 0; i--) {
            long start = in.readLong();
            GroupTable t = new GroupTable(keyIndexes, prototypes);
            t.read(in);
            panes.put(start, t);
        }
        watermark = w;
        nextEnd = end;
        late = lateRows;
    }

    @Override
    public boolean keyed() {
        return true;
    }

    /**
     * Restores from the states of several old subtasks (a checkpoint taken at another
     * parallelism): each is restored into an operator of its own and brought up to the highest
     * watermark among them — the windows that closes are the results the lagging old subtask
     * would have emitted, kept for the keys owned here and emitted first once the task runs — then
     * the groups of the keys owned here are merged into this operator's panes. So every window of
     * every key is emitted once, by the key's new owner, and the late-row count of each old subtask
     * is taken by one new subtask.
     */
    @Override
    public void restore(List<StatePart> parts, KeyRange owned) throws IOException {
        OwnedRows fired = OwnedRows.byLeadingColumns(owned, keyIndexes.length);
        List<PaneWindowOperator> olds = new ArrayList<>(parts.size());
        long w = Watermarks.NONE;
        for (StatePart part : parts) {
            PaneWindowOperator old = new PaneWindowOperator(width, slide, keyIndexes, prototypes, timestampIndex, fired);
            old.restore(part.state());
            olds.add(old);
            w = Math.max(w, old.watermark);
        }
        reset();
        long end = Long.MAX_VALUE;
        long lateRows = 0;
        for (int i = 0; i < olds.size(); i++) {
            PaneWindowOperator old = olds.get(i);
            old.watermark(w);
            end = Math.min(end, old.nextEnd);
            if (parts.get(i).countedBy(owned)) {
                lateRows += old.late;
            }
            for (Map.Entry<Long, GroupTable> p : old.panes.entrySet()) {
                GroupTable into = panes.get(p.getKey());
                if (into == null) {
                    into = new GroupTable(keyIndexes, prototypes);
                }
                into.mergeFrom(p.getValue(), owned);
                if (into.size() > 0) {
                    panes.put(p.getKey(), into);
                }
            }
        }
        watermark = w;
        // each old operator fired up to w: no window ending before the least of their next ends is due
        nextEnd = panes.isEmpty() ? Long.MAX_VALUE : end;
        late = lateRows;
        pending = fired;
    }

    /** Forgets every pane, before a restore. */
    private void reset() {
        panes.clear();
        pending = OwnedRows.NONE;
        currentPane = null;
        currentStart = Long.MAX_VALUE;
        currentEnd = Long.MIN_VALUE;
    }

    @Override
    public void finish() {
        pending.emitTo(next);
        // without a final watermark (a stopped, not ended, input) open windows are not emitted
        next.finish();
    }

    @Override
    public long lateRows() {
        return late;
    }

    /** The panes held now, for tests. */
    int paneCount() {
        return panes.size();
    }
}
