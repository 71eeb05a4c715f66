package org.wadi.worker.internal.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.LookupContext;
import org.wadi.spi.connector.LookupSource;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.LookupJoinOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.TaskFailure;

class LookupJoinTest {

    /** Input: (user_id, amount, _timestamp); table: (id, name). */
    static final Schema INPUT = Schema.of(Field.of("user_id", DataType.INT64), Field.of("amount", DataType.INT64))
            .withTimestamp();
    static final Schema TABLE = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    /** A table of users 0…99 named "u<id>", counting its calls and the keys asked. */
    static final class FakeSource implements LookupSource {
        final List<Integer> calls = new ArrayList<>();
        final List<Object> asked = new ArrayList<>();
        boolean opened;
        boolean closed;
        String failWith;

        @Override
        public void open(LookupContext context) {
            opened = true;
        }

        @Override
        public Object[][] lookup(Object[][] keys, int count) throws ConnectorException {
            if (failWith != null) {
                throw new ConnectorException(failWith);
            }
            calls.add(count);
            Object[][] rows = new Object[count + 3][];
            for (int i = 0; i < count; i++) {
                long id = (Long) keys[i][0];
                asked.add(id);
                rows[i] = id < 100 ? new Object[] {id, "u" + id} : null;
            }
            return rows;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Collects what the join emits: rows, and control elements as strings. */
    static final class Out implements RowOutput {
        final List<Object> events = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            events.add(Arrays.asList(row));
        }

        @Override
        public void watermark(long watermark) {
            events.add("wm " + watermark);
        }

        @Override
        public void barrier(long epoch, boolean thenStop) {
            events.add("barrier " + epoch);
        }

        @Override
        public void flush() {
            events.add("flush");
        }

        @Override
        public void finish() {
            events.add("finish");
        }

        List<Object> rows() {
            return events.stream().filter(e -> e instanceof List).toList();
        }
    }

    final FakeSource source = new FakeSource();
    final Out out = new Out();
    long now = 1_000;

    static Schema output(Schema input) {
        List<Field> f = new ArrayList<>(input.visible().fields());
        f.addAll(TABLE.fields());
        if (input.isUpdating()) {
            f.add(new Field(Schema.OP_FIELD, DataType.INT32, false));
        }
        f.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        return new Schema(f);
    }

    LookupJoin join(JoinType type, Map<String, String> options) throws Exception {
        return join(INPUT, type, options);
    }

    LookupJoin join(Schema input, JoinType type, Map<String, String> options) throws Exception {
        ConnectorTable table = new ConnectorTable("users", "fake", options, TABLE, Set.of(TableRole.LOOKUP), false);
        LookupJoinOperator spec = new LookupJoinOperator(input, table, List.of(0), List.of(0), type, output(input));
        LookupJoin j = new LookupJoin("lookup_2", spec, source, null, null, out, () -> now);
        j.open();
        return j;
    }

    static Object[] row(Long user, long amount) {
        return new Object[] {user, amount, amount * 10};
    }

    @Test
    void innerJoinBatchesLookupsAndDropsRowsWithoutMatch() throws Exception {
        LookupJoin j = join(JoinType.INNER, Map.of());
        j.collect(row(1L, 5));
        j.collect(row(200L, 6));
        j.collect(row(1L, 7));
        j.collect(row(null, 8));
        assertEquals(List.of(), out.events, "rows wait for the batch to fill or a flush");
        j.flush();
        assertEquals(List.of(2), source.calls, "one call for the distinct non-NULL keys");
        assertEquals(List.of(List.of(1L, 5L, 1L, "u1", 50L), List.of(1L, 7L, 1L, "u1", 70L), "flush"), out.events);
        j.close();
        assertTrue(source.closed);
    }

    @Test
    void leftJoinPadsWithNulls() throws Exception {
        LookupJoin j = join(JoinType.LEFT, Map.of());
        j.collect(row(2L, 5));
        j.collect(row(300L, 6));
        j.collect(row(null, 7));
        j.finish();
        assertEquals(List.of(Arrays.asList(2L, 5L, 2L, "u2", 50L), Arrays.asList(300L, 6L, null, null, 60L),
                Arrays.asList(null, 7L, null, null, 70L), "finish"), out.events);
    }

    @Test
    void aFullBatchIsLookedUpAtOnce() throws Exception {
        LookupJoin j = join(JoinType.INNER, Map.of());
        for (int i = 0; i < LookupJoin.BATCH + 1; i++) {
            j.collect(row((long) (i % 50), i));
        }
        assertEquals(List.of(50), source.calls);
        assertEquals(LookupJoin.BATCH, out.rows().size());
        j.flush();
        assertEquals(List.of(50, 1), source.calls, "without a cache every batch asks again");
    }

    @Test
    void cachedKeysAreNotAskedAgainUntilTheyExpire() throws Exception {
        LookupJoin j = join(JoinType.LEFT, Map.of(LookupJoin.CACHE_TTL, "10s"));
        j.collect(row(1L, 1));
        j.collect(row(500L, 2));
        j.flush();
        now += 9_000_000_000L;
        j.collect(row(1L, 3));
        j.collect(row(500L, 4));
        j.collect(row(2L, 5));
        j.flush();
        assertEquals(List.of(1L, 500L, 2L), source.asked, "hits and misses are cached");
        now += 2_000_000_000L;
        j.collect(row(1L, 6));
        j.collect(row(500L, 7));
        j.collect(row(2L, 8));
        j.flush();
        assertEquals(List.of(1L, 500L, 2L, 1L, 500L), source.asked, "expired after 10s; key 2 is 2s old");
        assertEquals(8, out.rows().size());
    }

    @Test
    void theCacheKeepsToItsBytesEvictingTheLeastRecentlyUsed() throws Exception {
        long entry = 96 + LookupCache.estimate(1L) + LookupCache.estimate(new Object[] {1L, "u1"});
        LookupJoin j = join(JoinType.INNER, Map.of(LookupJoin.CACHE_MAX_BYTES, Long.toString(entry * 2)));
        j.collect(row(1L, 1));
        j.collect(row(2L, 2));
        j.flush();
        j.collect(row(1L, 3)); // 1 is now the most recently used
        j.flush();
        j.collect(row(3L, 4)); // evicts 2
        j.flush();
        j.collect(row(1L, 5));
        j.collect(row(2L, 6));
        j.flush();
        assertEquals(List.of(1L, 2L, 3L, 2L), source.asked);
    }

    @Test
    void controlElementsFollowTheRowsBeforeThem() throws Exception {
        LookupJoin j = join(JoinType.INNER, Map.of());
        j.collect(row(1L, 1));
        j.watermark(5);
        j.collect(row(2L, 2));
        j.barrier(1, false);
        j.collect(row(3L, 3));
        assertNull(j.snapshot(2), "no state is checkpointed");
        assertEquals(3, out.rows().size(), "a snapshot passes the buffered rows on before the operators after it snapshot");
        j.collect(row(4L, 4));
        j.finish();
        assertEquals(List.of(List.of(1L, 1L, 1L, "u1", 10L), "wm 5", List.of(2L, 2L, 2L, "u2", 20L), "barrier 1",
                List.of(3L, 3L, 3L, "u3", 30L), List.of(4L, 4L, 4L, "u4", 40L), "finish"), out.events);
    }

    @Test
    void theOpOfUpdatingRowsPassesThrough() throws Exception {
        Schema updating = INPUT.withOp();
        LookupJoin j = join(updating, JoinType.INNER, Map.of());
        j.collect(new Object[] {1L, 5L, RowKind.UPDATE_AFTER, 50L});
        j.flush();
        assertEquals(List.of(List.of(1L, 5L, 1L, "u1", RowKind.UPDATE_AFTER, 50L)), out.rows());
    }

    @Test
    void aMissingKeyColumnValueIsTheInputKey() throws Exception {
        LookupSource partial = new LookupSource() {
            @Override
            public void open(LookupContext context) {
            }

            @Override
            public Object[][] lookup(Object[][] keys, int count) {
                return new Object[][] {{null, "no id in the stored value"}};
            }
        };
        ConnectorTable table = new ConnectorTable("users", "fake", Map.of(), TABLE, Set.of(TableRole.LOOKUP), false);
        LookupJoin j = new LookupJoin("lookup_2", new LookupJoinOperator(INPUT, table, List.of(0), List.of(0),
                JoinType.INNER, output(INPUT)), partial, null, null, out, () -> now);
        j.collect(row(7L, 1));
        j.flush();
        assertEquals(List.of(List.of(7L, 1L, 7L, "no id in the stored value", 10L)), out.rows());
    }

    @Test
    void lookupFailuresNameTheTableAndTheConnectorError() throws Exception {
        LookupJoin j = join(JoinType.INNER, Map.of());
        source.failWith = "redis is down";
        j.collect(row(1L, 1));
        TaskFailure f = assertThrows(TaskFailure.class, j::flush);
        assertEquals("lookup in table 'users' failed: redis is down", f.getMessage());
        assertEquals("user", f.domain());
    }

    @Test
    void badCacheOptionsAreRefused() {
        PlanException ttl = assertThrows(PlanException.class, () -> join(JoinType.INNER, Map.of(LookupJoin.CACHE_TTL, "soon")));
        assertEquals("Invalid value 'soon' for option 'lookup.cache.ttl' of lookup table 'users': expected a duration"
                + " such as 500ms, 30s, 5m or 1h", ttl.getMessage());
        assertThrows(PlanException.class, () -> join(JoinType.INNER, Map.of(LookupJoin.CACHE_MAX_BYTES, "lots")));
        assertEquals(300_000_000_000L, assertDoesNotThrow(() -> LookupJoin.ttlNanos("t", "300000ms")),
                "the form the connector records");
    }

    @Test
    void rowsOfTheWrongWidthAreAnInternalError() throws Exception {
        LookupSource bad = new LookupSource() {
            @Override
            public void open(LookupContext context) {
            }

            @Override
            public Object[][] lookup(Object[][] keys, int count) {
                return new Object[][] {{1L}};
            }
        };
        ConnectorTable table = new ConnectorTable("users", "fake", Map.of(), TABLE, Set.of(TableRole.LOOKUP), false);
        LookupJoin j = new LookupJoin("lookup_2", new LookupJoinOperator(INPUT, table, List.of(0), List.of(0),
                JoinType.INNER, output(INPUT)), bad, null, null, out, () -> now);
        j.collect(row(1L, 1));
        TaskFailure f = assertThrows(TaskFailure.class, j::flush);
        assertEquals("internal", f.domain());
        assertArrayEquals(new Object[0], out.rows().toArray());
    }
}
