package org.wadi.worker.internal.updating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.UpdatingAggregateOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.TestConnectors;

/**
 * The updating join and aggregate through the whole runtime at parallelism 2: sources, SHUFFLE
 * edges by key, the operators, sinks. Persons (id, city) LEFT JOIN auctions (seller, item) ON
 * id = seller, then — in the second test — counted per city from the join's changelog.
 */
class UpdatingExecutionTest {

    static final Schema PERSON = Schema.of(Field.of("id", DataType.INT64), Field.of("city", DataType.UTF8))
            .withTimestamp();
    static final Schema AUCTION = Schema.of(Field.of("seller", DataType.INT64), Field.of("item", DataType.UTF8))
            .withTimestamp();
    static final Schema JOINED = Schema.of(Field.of("id", DataType.INT64), Field.of("city", DataType.UTF8),
            Field.of(JoinOperator.LEFT_TIMESTAMP, DataType.TIMESTAMP), Field.of("seller", DataType.INT64),
            Field.of("item", DataType.UTF8), Field.of(JoinOperator.RIGHT_TIMESTAMP, DataType.TIMESTAMP)).withOp();
    static final Schema PER_CITY = Schema.of(Field.of("city", DataType.UTF8), Field.of("n", DataType.INT64),
            Field.of("items", DataType.INT64), Field.of("last_item", DataType.UTF8)).withOp();

    /** {@code lanes}: subtask i of table {@code t} emits {@code rows.get(t).get(i)}, 7 rows a poll. */
    static final class Lanes implements Connector {
        final Map<String, List<List<Object[]>>> rows = new ConcurrentHashMap<>();

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("lanes", "Lanes", null, null, true, false, false, false, false, true, null,
                    null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Source createSource(ConnectorTable table) {
            return new Source() {
                List<Object[]> mine;
                int next;

                @Override
                public void open(SourceContext context) {
                    mine = rows.get(table.name()).get(context.task().subtaskIndex());
                }

                @Override
                public SourceStatus poll(Collector out) {
                    for (int k = 0; k < 7 && next < mine.size(); k++) {
                        out.collect(mine.get(next++));
                    }
                    return next < mine.size() ? SourceStatus.ACTIVE : SourceStatus.FINISHED;
                }
            };
        }
    }

    final Lanes lanes = new Lanes();
    final TestConnectors.Collect collect = new TestConnectors.Collect();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final ExecutionListener listener = new ExecutionListener() {
        @Override
        public void running(String operatorId, int subtask) {
        }

        @Override
        public void finished(String operatorId, int subtask) {
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            failures.add(operatorId + "#" + subtask + ": " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }
    };

    /** Persons 0 … 199 and 300 … 309 (no auctions), auctions 0 … 799 of sellers 0 … 249, two lanes each. */
    UpdatingExecutionTest() {
        List<List<Object[]>> persons = List.of(new ArrayList<>(), new ArrayList<>());
        for (long id = 0; id < 310; id = id == 199 ? 300 : id + 1) {
            persons.get((int) (id % 2)).add(new Object[] {id, "c" + id % 3, id * 1000});
        }
        List<List<Object[]>> auctions = List.of(new ArrayList<>(), new ArrayList<>());
        for (long a = 0; a < 800; a++) {
            auctions.get((int) (a % 2)).add(new Object[] {a % 250, "item" + a, a * 500});
        }
        lanes.rows.put("person", persons);
        lanes.rows.put("auction", auctions);
    }

    static PlanNode source(String id, String table) {
        return new PlanNode(id, table, 2, new SourceOperator(TestConnectors.table(table, "lanes", Map.of())));
    }

    static PlanNode join() {
        return new PlanNode("join_3", "person LEFT JOIN auction", 2, new JoinOperator(JoinKind.UPDATING,
                JoinType.LEFT, PERSON, AUCTION, List.of(0), List.of(0), null, 0, 0, 0, JOINED));
    }

    static PlanNode sink(String id) {
        return new PlanNode(id, "collect", 2, new SinkOperator(TestConnectors.table("out", "collect", Map.of()), true));
    }

    void run(DataflowPlan plan) throws Exception {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(lanes);
        registry.add(collect);
        Execution e = Execution.build("job_u", plan, "w1", Execution.Placement.all("w1"), registry,
                p -> Path.of("/nonexistent"), new ExprCompiler(), RuntimeOptions.DEFAULTS, listener);
        e.start();
        e.done().get(60, TimeUnit.SECONDS);
        assertEquals(List.of(), failures);
        assertEquals(2, collect.finished.get());
    }

    /** The table the sinks' changelogs describe (each subtask's applied in its own order). */
    TreeMap<String, Integer> table() {
        TreeMap<String, Integer> all = new TreeMap<>();
        for (List<Object[]> rows : collect.bySubtask.values()) {
            synchronized (rows) {
                Changes.apply(rows).forEach((row, n) -> all.merge(row, n, Integer::sum));
            }
        }
        return all;
    }

    @Test
    void anUpdatingLeftJoinAtParallelismTwoEndsAtTheJoinOfAllRows() throws Exception {
        run(new DataflowPlan(List.of(source("person_1", "person"), source("auction_2", "auction"), join(),
                sink("sink_4")), List.of(
                new PlanEdge("person_1", "join_3", EdgeKind.SHUFFLE, List.of(0), PERSON),
                new PlanEdge("auction_2", "join_3", EdgeKind.SHUFFLE, List.of(0), AUCTION),
                new PlanEdge("join_3", "sink_4", EdgeKind.FORWARD, List.of(), JOINED))));
        List<String> expected = new ArrayList<>();
        for (long id = 0; id < 310; id = id == 199 ? 300 : id + 1) {
            boolean matched = false;
            for (long a = id; id < 250 && a < 800; a += 250) {
                expected.add(Arrays.asList(id, "c" + id % 3, id * 1000, id, "item" + a, a * 500).toString());
                matched = true;
            }
            if (!matched) {
                expected.add(Arrays.asList(id, "c" + id % 3, id * 1000, null, null, null).toString());
            }
        }
        Collections.sort(expected);
        assertEquals(expected, Changes.lines(table()));
    }

    @Test
    void anUpdatingAggregateOverTheJoinsChangelogEndsAtTheCountsOfTheWholeJoin() throws Exception {
        PlanNode agg = new PlanNode("agg_5", "per city", 2, new UpdatingAggregateOperator(JOINED, List.of(1),
                List.of(new AggregateCall("count", -1, false, DataType.INT64),
                        new AggregateCall("count", 4, false, DataType.INT64),
                        new AggregateCall("max", 4, false, DataType.UTF8)),
                0, UpdatingAggregateOperator.DEFAULT_FLUSH_NANOS, PER_CITY));
        run(new DataflowPlan(List.of(source("person_1", "person"), source("auction_2", "auction"), join(), agg,
                sink("sink_6")), List.of(
                new PlanEdge("person_1", "join_3", EdgeKind.SHUFFLE, List.of(0), PERSON),
                new PlanEdge("auction_2", "join_3", EdgeKind.SHUFFLE, List.of(0), AUCTION),
                new PlanEdge("join_3", "agg_5", EdgeKind.SHUFFLE, List.of(1), JOINED),
                new PlanEdge("agg_5", "sink_6", EdgeKind.FORWARD, List.of(), PER_CITY))));
        TreeMap<String, Integer> expected = new TreeMap<>();
        for (int c = 0; c < 3; c++) {
            long rows = 0;
            long items = 0;
            String last = null;
            for (long id = 0; id < 310; id = id == 199 ? 300 : id + 1) {
                if (id % 3 != c) {
                    continue;
                }
                long mine = 0;
                for (long a = id; id < 250 && a < 800; a += 250) {
                    mine++;
                    String item = "item" + a;
                    last = last == null || item.compareTo(last) > 0 ? item : last;
                }
                items += mine;
                rows += Math.max(1, mine);
            }
            expected.put(List.of("c" + c, rows, items, last).toString(), 1);
        }
        TreeMap<String, Integer> actual = table();
        assertEquals(expected, actual);
        assertTrue(collect.rows.size() >= 3, "the changes: " + collect.rows.size());
    }
}
