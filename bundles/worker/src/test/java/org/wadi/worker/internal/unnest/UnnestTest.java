package org.wadi.worker.internal.unnest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.UnnestOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.RowOutput;

/** Unnest row by row: one row per element, NULL and empty lists none, everything else passed on. */
class UnnestTest {

    static final Schema INPUT = Schema.of(Field.of("id", DataType.INT64), Field.of("xs", DataType.list(DataType.UTF8)),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
    static final Schema OUTPUT = Schema.of(Field.of("id", DataType.INT64), Field.of("xs", DataType.UTF8),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));

    /** Rows as text, and the other calls. */
    static final class Recorder implements RowOutput {
        final List<String> events = new ArrayList<>();
        final List<Object[]> rows = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            rows.add(row);
            events.add(Arrays.deepToString(row));
        }

        @Override
        public void watermark(long watermark) {
            events.add("wm " + watermark);
        }

        @Override
        public void barrier(long epoch, boolean thenStop) {
            events.add("barrier " + epoch + (thenStop ? " stop" : ""));
        }

        @Override
        public void flush() {
            events.add("flush");
        }

        @Override
        public void finish() {
            events.add("finish");
        }
    }

    @Test
    void eachElementBecomesARowAndNullOrEmptyListsNone() throws Exception {
        Recorder out = new Recorder();
        RowOutput op = Unnest.create("unnest_1", new UnnestOperator(INPUT, 1, OUTPUT), out);
        Object[] first = {1L, List.of("a", "b"), 10L};
        op.collect(first);
        op.collect(new Object[] {2L, null, 20L});
        op.collect(new Object[] {3L, List.of(), 30L});
        op.collect(new Object[] {4L, Arrays.asList("c", null), 40L});
        op.watermark(35L);
        op.barrier(7, true);
        op.flush();
        op.finish();
        assertEquals(List.of("[1, a, 10]", "[1, b, 10]", "[4, c, 40]", "[4, null, 40]", "wm 35", "barrier 7 stop",
                "flush", "finish"), out.events);
        assertEquals(List.of("a", "b"), first[1], "the input row is not changed");
        assertNotSame(out.rows.get(0), out.rows.get(1));
    }

    @Test
    void updatingRowsKeepTheirOp() throws Exception {
        Schema in = INPUT.withOp();
        Schema outSchema = OUTPUT.withOp();
        Recorder out = new Recorder();
        RowOutput op = Unnest.create("unnest_1", new UnnestOperator(in, 1, outSchema), out);
        op.collect(new Object[] {1L, List.of("a", "b"), 2, 10L});
        assertEquals(List.of("[1, a, 2, 10]", "[1, b, 2, 10]"), out.events);
    }

    @Test
    void aColumnThatIsNoListIsRefused() {
        PlanException e = assertThrows(PlanException.class, () -> Unnest.create("unnest_1",
                new UnnestOperator(OUTPUT, 1, OUTPUT), new Recorder()));
        assertTrue(e.getMessage().contains("unnest_1") && e.getMessage().contains("not a list"), e.getMessage());
    }
}
