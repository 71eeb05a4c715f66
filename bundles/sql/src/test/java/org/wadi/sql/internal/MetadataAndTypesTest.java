package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.sql.PlanResult;

/**
 * {@code METADATA FROM 'key'} columns (checked against the keys the connector declares, handed to it
 * in {@link TableRequest#metadata()}), and Arroyo's type syntax: {@code BIGINT[]}, {@code TEXT[]},
 * {@code STRUCT<…>}, {@code JSON}, in columns and CASTs.
 */
class MetadataAndTypesTest {

    /** A Kafka-like source offering three metadata keys; remembers the last table request. */
    static final class Topics implements Connector {
        TableRequest last;

        @Override
        public ConnectorMetadata metadata() {
            Map<String, DataType> keys = new LinkedHashMap<>();
            keys.put("offset_id", DataType.INT64);
            keys.put("partition", DataType.INT32);
            keys.put("topic", DataType.UTF8);
            return new ConnectorMetadata("topics", "Topics", "", "a source with metadata", true, false, false, true,
                    false, true, null, null, keys);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            last = request;
            return new ConnectorTable(request.name(), "topics", Map.of(), request.columns(), Set.of(TableRole.SOURCE),
                    false);
        }
    }

    final Topics topics = new Topics();
    final CalciteSqlPlanner planner = new CalciteSqlPlanner(ConnectorLookup.of(Map.of("topics", topics,
            "single_file", new TestConnectors.FileSink(), "preview", new TestConnectors.Preview())),
            TestConnectors.FILES);

    private DataflowPlan plan(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertTrue(result.ok(), () -> "expected a plan, got " + result.errors());
        return result.plan();
    }

    private String error(String sql) {
        PlanResult result = planner.plan(sql, 1);
        assertFalse(result.ok(), "expected an error");
        return result.errors().get(0).message();
    }

    @Test
    void metadataColumnsReachTheConnectorWithTheirKeys() {
        plan("""
                CREATE TABLE t (v TEXT, off BIGINT METADATA FROM 'offset_id', p INT METADATA FROM 'partition',
                  t TEXT GENERATED ALWAYS AS (metadata('topic')) STORED) WITH (connector = 'topics');
                SELECT v, off, p, t FROM t;
                """);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("off", "offset_id");
        expected.put("p", "partition");
        expected.put("t", "topic");
        assertEquals(expected, topics.last.metadata());
        // the connector fills them: they are columns of the table it is asked for
        assertEquals(List.of("v", "off", "p", "t"), topics.last.columns().fields().stream().map(Field::name).toList());
    }

    @Test
    void anUnknownKeyNamesTheKeysTheConnectorHas() {
        assertEquals("connector topics has no metadata key 'headers'; it has: offset_id, partition, topic "
                + "(column 'h' of table 't')", error("""
                CREATE TABLE t (v TEXT, h TEXT METADATA FROM 'headers') WITH (connector = 'topics');
                SELECT v FROM t;
                """));
        assertEquals("connector single_file has no metadata key 'topic'; it has: none (column 'h' of table 't')",
                error("""
                        CREATE TABLE t (v TEXT, h TEXT METADATA FROM 'topic')
                        WITH (connector = 'single_file', path = '/data/t.json', type = 'source');
                        SELECT v FROM t;
                        """));
    }

    @Test
    void aMetadataColumnOfAnotherTypeIsRefused() {
        assertEquals("incorrect data type for metadata field 'topic' of table 't': expected TEXT, but column 'tp' "
                + "is INT", error("""
                CREATE TABLE t (v TEXT, tp INT METADATA FROM 'topic') WITH (connector = 'topics');
                SELECT v FROM t;
                """));
    }

    @Test
    void aMemoryTableHasNoMetadata() {
        assertEquals("Column 'k' of table 'm' is read from the connector's metadata ('key'), which a memory table "
                + "does not have", error("CREATE TABLE m (k TEXT METADATA FROM 'key', v INT);\nSELECT v FROM m;"));
    }

    @Test
    void arrayStructAndJsonColumnsHaveArroyosSyntax() {
        DataflowPlan plan = plan("""
                CREATE TABLE t (ids BIGINT[], tags TEXT[], grid INT[][], u BIGINT UNSIGNED[],
                  s STRUCT<a INT, b STRUCT<c TEXT>, d DOUBLE[]>, doc JSON)
                WITH (connector = 'single_file', path = '/data/t.json', type = 'source');
                SELECT ids, tags, grid, u, s, doc FROM t;
                """);
        Schema schema = plan.nodes().stream().map(n -> n.operator()).filter(SourceOperator.class::isInstance)
                .map(o -> ((SourceOperator) o).table().schema()).findFirst().orElseThrow();
        assertEquals(DataType.list(DataType.INT64), schema.fields().get(0).type());
        assertEquals(DataType.list(DataType.UTF8), schema.fields().get(1).type());
        assertEquals(DataType.list(DataType.list(DataType.INT32)), schema.fields().get(2).type());
        assertEquals(DataType.list(DataType.UINT64), schema.fields().get(3).type());
        assertEquals(DataType.struct(List.of(new Field("a", DataType.INT32, true),
                new Field("b", DataType.struct(List.of(new Field("c", DataType.UTF8, true))), true),
                new Field("d", DataType.list(DataType.FLOAT64), true))), schema.fields().get(4).type());
        assertEquals(DataType.JSON, schema.fields().get(5).type());
    }

    @Test
    void castsTakeArrayTypes() {
        DataflowPlan plan = plan("""
                CREATE TABLE t (v TEXT, n INT) WITH (connector = 'single_file', path = '/data/t.json', type = 'source');
                SELECT CAST(make_array(n, n) AS BIGINT[]) AS ids, CAST(make_array(v) AS TEXT[]) AS names FROM t;
                """);
        CalcOperator calc = plan.nodes().stream().map(n -> n.operator()).filter(CalcOperator.class::isInstance)
                .map(CalcOperator.class::cast).findFirst().orElseThrow();
        assertEquals(DataType.list(DataType.INT64), calc.output().fields().get(0).type());
        assertEquals(DataType.list(DataType.UTF8), calc.output().fields().get(1).type());
    }

    @Test
    void valueIsAColumnNameInExpressions() {
        plan("""
                CREATE TABLE t (value TEXT) WITH (connector = 'single_file', path = '/data/t.json', type = 'source');
                SELECT upper(value), value || '!', json_get_str(value, 'a') FROM t WHERE value IS NOT NULL;
                """);
    }
}
