package org.wadi.worker.internal.unnest;

import java.util.List;
import org.wadi.spi.plan.UnnestOperator;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.RowOutput;

/**
 * The runtime of an {@link UnnestOperator}: for each row, one row per element of its list column,
 * the element in the list's place and every other column copied ({@code _op} and
 * {@code _timestamp} too); a NULL or empty list emits nothing, a NULL element a row with NULL
 * there. Stateless: watermarks, barriers, flushes and the end pass straight on. Every output row is
 * a copy: the input row's array may also have gone to another consumer (a fan-out passes one array
 * to each).
 */
public final class Unnest implements RowOutput {

    private final int column;
    private final RowOutput next;

    private Unnest(int column, RowOutput next) {
        this.column = column;
        this.next = next;
    }

    /**
     * The operator for {@code spec}, emitting into {@code next}.
     *
     * @throws PlanException if the unnested column is not a LIST
     */
    public static RowOutput create(String operatorId, UnnestOperator spec, RowOutput next) throws PlanException {
        TypeId type = spec.input().field(spec.column()).type().id();
        if (type != TypeId.LIST) {
            throw new PlanException("unnest " + operatorId + " unnests column " + spec.column() + " ("
                    + spec.input().field(spec.column()).name() + "), of type " + type + ", not a list", "internal");
        }
        return new Unnest(spec.column(), next);
    }

    @Override
    public void collect(Object[] row) {
        List<?> list = (List<?>) row[column];
        if (list == null) {
            return;
        }
        for (int i = 0, n = list.size(); i < n; i++) {
            Object[] out = row.clone();
            out[column] = list.get(i);
            next.collect(out);
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
