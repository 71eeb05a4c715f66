package org.wadi.worker.internal.runtime;

import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The watermark generator, chained after a source (see {@link WatermarkOperator}). Per row it does
 * one compare (the largest event time seen); every {@value #CHECK_EVERY} rows, and whenever the
 * source flushes, it reads the clock and emits a watermark if the period has passed and the
 * watermark moved. When the source flushed with no rows for the idle time, it declares the input
 * idle once, until rows come again.
 */
final class WatermarkOutput implements RowOutput, Snapshottable {

    /** Rows between two looks at the clock: keeps {@code System.nanoTime()} off the per-row path. */
    static final int CHECK_EVERY = 1024;

    private final RowOutput next;
    private final int timestampIndex;
    private final long delay;
    private final long idleNanos;
    private final long period;

    private long maxEventTime = Long.MIN_VALUE;
    private long emitted = Watermarks.NONE;
    private long lastEmitAt;
    private long lastRowsAt;
    private int countdown = CHECK_EVERY;
    private boolean rowsSinceCheck;
    private boolean idle;

    WatermarkOutput(WatermarkOperator spec, RowOutput next) {
        this.next = next;
        this.timestampIndex = spec.schema().size() - 1;
        this.delay = spec.delayNanos();
        this.idleNanos = spec.idleNanos();
        this.period = spec.periodNanos();
        this.lastEmitAt = System.nanoTime();
        this.lastRowsAt = lastEmitAt;
    }

    @Override
    public void collect(Object[] row) {
        long t = (Long) row[timestampIndex];
        if (t > maxEventTime) {
            maxEventTime = t;
        }
        next.collect(row);
        if (--countdown == 0) {
            countdown = CHECK_EVERY;
            rowsSinceCheck = true;
            tick(System.nanoTime());
        }
    }

    @Override
    public void watermark(long watermark) {
        // from upstream only the end of a bounded source arrives; pass it on if it moves us
        if (watermark == Watermarks.END || (watermark != Watermarks.IDLE && watermark > emitted)) {
            emitted = watermark;
            idle = false;
            next.watermark(watermark);
        }
    }

    @Override
    public void flush() {
        if (countdown != CHECK_EVERY) {
            rowsSinceCheck = true;
            countdown = CHECK_EVERY;
        }
        tick(System.nanoTime());
        next.flush();
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        next.barrier(epoch, thenStop);
    }

    /** The largest event time seen and the watermark emitted: a restored job does not go back. */
    @Override
    public StateWriter snapshot(long epoch) {
        StateWriter out = new StateWriter();
        out.writeLong(maxEventTime);
        out.writeLong(emitted);
        return out;
    }

    @Override
    public void restore(StateReader state) throws java.io.IOException {
        if (state != null) {
            maxEventTime = state.readLong();
            emitted = state.readLong();
        }
    }

    @Override
    public void finish() {
        next.finish();
    }

    private void tick(long now) {
        boolean resumed = false;
        if (rowsSinceCheck) {
            rowsSinceCheck = false;
            lastRowsAt = now;
            resumed = idle;
            idle = false;
        } else if (idleNanos > 0 && !idle && now - lastRowsAt >= idleNanos && emitted != Watermarks.END) {
            idle = true;
            next.watermark(Watermarks.IDLE);
            return;
        }
        if (emitted == Watermarks.END || maxEventTime == Long.MIN_VALUE
                || (!resumed && now - lastEmitAt < period)) {
            return;
        }
        // one nanosecond below: a later row at exactly the largest time seen is not late
        long w = maxEventTime - delay - 1;
        if (w > emitted) {
            emitted = w;
            lastEmitAt = now;
            next.watermark(w);
        } else if (resumed && emitted != Watermarks.NONE) {
            // downstream must hear from us again to stop counting us as idle
            lastEmitAt = now;
            next.watermark(emitted);
        }
    }
}
