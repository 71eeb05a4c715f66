package org.wadi.worker.internal.over;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.wadi.worker.internal.runtime.EventTimeRows;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.OwnedRows;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.StatefulOperator;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The runtime of {@link org.wadi.spi.plan.WindowFunctionOperator}: its input is the result of an
 * event-time window, so a row's {@code _timestamp} names its window. Rows are collected per event
 * time; when the watermark reaches one, its rows are split into partitions ({@link Partitions}),
 * each partition is sorted stably ({@link IndexSort}) and emitted with the functions' values
 * ({@link FunctionColumns}), and the rows are freed. Output rows keep their window's event time,
 * which the watermark passed on next has reached: the output is append-only. The top-N pattern
 * (row_number over the windowed aggregate, filtered after) costs one sort per partition.
 *
 * <p>Rows at or before the watermark when they arrive are dropped and counted.
 *
 * <p>Checkpoints: the snapshot freezes the rows held ({@link EventTimeRows#freeze}) into a deferred
 * state that the uploader writes. The state is keyed by the partition keys: see {@link #restore(List, KeyRange)}.
 */
final class OverOperator implements StatefulOperator {

    /** Marks (and versions) a window function operator's state. */
    private static final int MAGIC = 0x574F5601;

    private final String operatorId;
    private final int inputWidth;
    private final int[] partitionKeys;
    private final RowOrder order;
    private final FunctionColumns functions;
    private final RowOutput next;
    private final int ts;

    /** The rows held per event time (one side). */
    private final EventTimeRows held = new EventTimeRows(1);

    /** Scratch of a window's evaluation: the row indexes, partition by partition, each sorted. */
    private final Partitions partitions;
    private final IndexSort sorter;
    private int[] idx = new int[64];

    private long watermark = Watermarks.NONE;
    /** Whether the last watermark passed on was {@link Watermarks#IDLE}. */
    private boolean idle;
    private long late;

    /** Results a restore at another parallelism produced, emitted before anything else. */
    private OwnedRows pending = OwnedRows.NONE;

    OverOperator(String operatorId, int inputWidth, int[] partitionKeys, RowOrder order, FunctionColumns functions,
            RowOutput next) {
        this.operatorId = operatorId;
        this.inputWidth = inputWidth;
        this.partitionKeys = partitionKeys;
        this.order = order;
        this.functions = functions;
        this.next = next;
        this.ts = inputWidth - 1;
        this.partitions = new Partitions(partitionKeys);
        this.sorter = new IndexSort(order);
    }

    @Override
    public void collect(Object[] row) {
        pending.emitTo(next);
        long t = (Long) row[ts];
        if (t <= watermark) {
            late++;
            return;
        }
        held.add(t, 0, row);
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
            fireUpTo(w);
            idle = false;
            next.watermark(w);
        } else if (idle && watermark != Watermarks.NONE) {
            // active again after idleness, though not further on
            idle = false;
            next.watermark(watermark);
        }
    }

    /** Evaluates and frees every window whose event time is at or before {@code w}. */
    private void fireUpTo(long w) {
        held.fireUpTo(w, this::evaluate);
    }

    /** Emits the rows of one window, partition by partition, each in sort order with the functions' values. */
    private void evaluate(EventTimeRows.Group g) {
        int n = g.count(0);
        if (n == 0) {
            return;
        }
        if (idx.length < n) {
            idx = new int[Math.max(n, idx.length * 2)];
        }
        Object[][] rows = g.rows(0);
        partitions.group(rows, n, idx);
        for (int p = 0, parts = partitions.count(); p < parts; p++) {
            int from = partitions.start(p);
            int to = partitions.start(p + 1);
            if (!order.isEmpty()) {
                sorter.sort(rows, idx, from, to);
            }
            functions.emit(rows, idx, from, to, order, next);
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

    /** The input has ended: every window is evaluated (as at the final watermark), then the output finishes. */
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
            out.writeInt(inputWidth);
            out.writeInt(partitionKeys.length);
            out.writeLong(w);
            out.writeBoolean(wasIdle);
            out.writeLong(lateRows);
            out.writeInt(groups.size());
            for (int j = 0; j < groups.size(); j++) {
                out.writeLong(groups.time(j));
                out.writeInt(groups.count(j, 0));
                RowBlocks.write(out, groups.rows(j, 0), groups.count(j, 0), inputWidth);
            }
        });
    }

    @Override
    public void restore(StateReader in) throws IOException {
        String what = "the window function operator " + operatorId;
        if (in == null) {
            throw new IOException("the checkpoint holds no state for " + what);
        }
        if (in.readInt() != MAGIC) {
            throw new IOException("not the state of " + what + " (another operator's, or another version)");
        }
        int width = in.readInt();
        int keys = in.readInt();
        if (width != inputWidth || keys != partitionKeys.length) {
            throw new IOException("the state of " + what + " holds rows of " + width + " columns partitioned by "
                    + keys + " keys, the operator " + inputWidth + " and " + partitionKeys.length
                    + ": the query changed");
        }
        long w = in.readLong();
        boolean wasIdle = in.readBoolean();
        long lateRows = in.readLong();
        reset();
        for (int n = in.readInt(); n > 0; n--) {
            long t = in.readLong();
            int count = in.readInt();
            Object[][] rows = new Object[count][];
            RowBlocks.read(in, rows, count, inputWidth);
            held.put(t).adopt(0, rows, count);
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
     * parallelism): each is restored into an operator of its own and brought up to the highest
     * watermark among them — the windows that closes are evaluated as the lagging old subtask
     * would have, and the results of the partitions owned here are emitted first once the task
     * runs — then the rows of the partitions owned here move into this operator. A partition is
     * owned by the hash of its keys, as the SHUFFLE routes it. The late-row count of each old
     * subtask is taken by one new subtask.
     */
    @Override
    public void restore(List<StatePart> parts, KeyRange owned) throws IOException {
        int[] outputKeys = new int[partitionKeys.length];
        for (int i = 0; i < partitionKeys.length; i++) {
            // _timestamp moves behind the functions' columns; the other columns keep their places
            outputKeys[i] = partitionKeys[i] == ts ? functions.outputWidth() - 1 : partitionKeys[i];
        }
        OwnedRows fired = OwnedRows.byColumns(owned, outputKeys);
        List<OverOperator> olds = new ArrayList<>(parts.size());
        long w = Watermarks.NONE;
        for (StatePart part : parts) {
            OverOperator old = new OverOperator(operatorId, inputWidth, partitionKeys, order, functions, fired);
            old.restore(part.state());
            olds.add(old);
            w = Math.max(w, old.watermark);
        }
        reset();
        long lateRows = 0;
        for (int i = 0; i < olds.size(); i++) {
            OverOperator old = olds.get(i);
            old.watermark(w);
            if (parts.get(i).countedBy(owned)) {
                lateRows += old.late;
            }
            held.addOwned(old.held, (side, row) -> owned.contains(Partitioners.hash(row, partitionKeys)));
        }
        watermark = w;
        idle = false;
        late = lateRows;
        pending = fired;
    }

    /** Rows held now, for tests. */
    int heldRows() {
        return held.heldRows();
    }
}
