package org.wadi.worker.internal.runtime;

import org.wadi.worker.internal.expr.CalcFunction;

/** A calc operator chained into its producer's task: one direct call per row into its generated class. */
final class CalcOutput implements RowOutput {

    private final String operatorId;
    private final CalcFunction function;
    private final RowOutput next;

    CalcOutput(String operatorId, CalcFunction function, RowOutput next) {
        this.operatorId = operatorId;
        this.function = function;
        this.next = next;
    }

    @Override
    public void collect(Object[] row) {
        try {
            function.process(row, next);
        } catch (TaskFailure | CancelledException e) {
            throw e; // from downstream: already described
        } catch (RuntimeException e) {
            throw new TaskFailure("error evaluating " + operatorId + ": " + TaskFailure.describe(e), "user", e);
        }
    }

    @Override
    public void watermark(long watermark) {
        next.watermark(watermark);
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        next.barrier(epoch, thenStop);
    }

    @Override
    public void flush() {
        next.flush();
    }

    @Override
    public void finish() {
        next.finish();
    }
}
