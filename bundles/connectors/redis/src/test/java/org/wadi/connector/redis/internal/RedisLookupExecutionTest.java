package org.wadi.connector.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.LookupJoinOperator;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** A lookup join run by the worker's {@link Execution}, against a redis lookup table on 127.0.0.1:6379. */
class RedisLookupExecutionTest {

    static final Schema ORDERS = Schema.of(Field.of("order_id", DataType.INT64), Field.of("user_id", DataType.UTF8));
    static final Schema USERS = Schema.of(Field.of("id", DataType.UTF8), Field.of("name", DataType.UTF8));
    static final int ROWS = 1500;

    final String prefix = "wadi-test-" + UUID.randomUUID() + ":";
    final JedisPooled redis = new JedisPooled(new HostAndPort("127.0.0.1", 6379));
    final List<Object[]> received = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        Set<String> keys = redis.keys(prefix + "*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
        redis.close();
    }

    /** {@code orders}: rows (i, "user" + i % 7), bounded; {@code collect}: keeps what it is given. */
    final class TestConnector implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("test", "Test", null, null, true, true, false, false, false, true, null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Source createSource(ConnectorTable table) {
            return new Source() {
                long next;

                @Override
                public void open(SourceContext context) {
                }

                @Override
                public SourceStatus poll(Collector out) {
                    for (int i = 0; i < 100 && next < ROWS; i++, next++) {
                        out.collect(new Object[] {next, "user" + next % 7, next * 1_000_000L});
                    }
                    return next < ROWS ? SourceStatus.ACTIVE : SourceStatus.FINISHED;
                }
            };
        }

        @Override
        public Sink createSink(ConnectorTable table) {
            return new Sink() {
                @Override
                public void open(SinkContext context, byte[] restoredState) {
                }

                @Override
                public void write(Object[] row) {
                    received.add(row);
                }
            };
        }
    }

    @Test
    void ordersAreEnrichedFromRedis() throws Exception {
        // users 0…4 exist; 5 and 6 do not
        for (int u = 0; u < 5; u++) {
            redis.set(prefix + "user" + u, "{\"name\":\"name" + u + "\"}");
        }
        RedisConnector redisConnector = new RedisConnector();
        ConnectorTable users = redisConnector.table(ConnectorHarness.request("redis", USERS, new HashMap<>(Map.of(
                "type", "lookup", "address", "redis://127.0.0.1:6379", "format", "json", "target.key_prefix", prefix,
                "lookup.cache.max_bytes", "1000000", "lookup.cache.ttl", "1 minute")), null));
        ConnectorTable orders = new ConnectorTable("orders", "test", Map.of(), ORDERS, Set.of(TableRole.SOURCE), true);
        List<Field> joined = new ArrayList<>(ORDERS.fields());
        joined.addAll(USERS.fields());
        Schema output = new Schema(joined).withTimestamp();
        ConnectorTable out = new ConnectorTable("out", "test", Map.of(), new Schema(joined), Set.of(TableRole.SINK), true);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "orders", 1, new SourceOperator(orders)),
                new PlanNode("lookup_2", "join users", 1, new LookupJoinOperator(ORDERS.withTimestamp(), users,
                        List.of(1), List.of(0), JoinType.LEFT, output)),
                new PlanNode("sink_3", "out", 1, new SinkOperator(out))),
                List.of(new PlanEdge("source_1", "lookup_2", EdgeKind.FORWARD, List.of(), ORDERS.withTimestamp()),
                        new PlanEdge("lookup_2", "sink_3", EdgeKind.FORWARD, List.of(), output)));
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnector());
        registry.add(redisConnector);
        FileAccess noFiles = p -> Path.of("/nonexistent");
        Execution e = Execution.build("job_t", plan, "w1", Execution.Placement.all("w1"), registry, noFiles,
                new ExprCompiler(), RuntimeOptions.DEFAULTS, new ExecutionListener() {
                    @Override
                    public void running(String operatorId, int subtask) {
                    }

                    @Override
                    public void finished(String operatorId, int subtask) {
                    }

                    @Override
                    public void failed(String operatorId, int subtask, String error, String domain) {
                        failures.add(operatorId + ": " + error);
                    }

                    @Override
                    public void output(String operatorId, int subtask, List<String> jsonRows) {
                    }
                });
        e.start();
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), failures);
        assertEquals(ROWS, received.size(), "a LEFT join keeps every order");
        for (int i = 0; i < ROWS; i++) {
            Object[] r = received.get(i);
            long u = i % 7;
            Object[] expected = {(long) i, "user" + u, u < 5 ? "user" + u : null, u < 5 ? "name" + u : null,
                    i * 1_000_000L};
            assertEquals(Arrays.asList(expected), Arrays.asList(r), "row " + i + " in input order");
        }
        assertTrue(redis.keys(prefix + "*").size() == 5);
    }
}
