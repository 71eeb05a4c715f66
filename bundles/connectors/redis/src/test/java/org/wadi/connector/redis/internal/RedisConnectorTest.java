package org.wadi.connector.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.formats.testing.ConnectorHarness.SinkCtx;
import org.wadi.formats.testing.ConnectorHarness.Task;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.LookupContext;
import org.wadi.spi.connector.LookupSource;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** The redis connector against the Redis server on 127.0.0.1:6379, under a key prefix unique to each test. */
class RedisConnectorTest {

    static final String ADDRESS = "redis://127.0.0.1:6379";
    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8),
            Field.of("tag", DataType.UTF8));

    final String prefix = "wadi-test-" + UUID.randomUUID() + ":";
    final RedisConnector connector = new RedisConnector();
    final JedisPooled redis = new JedisPooled(new HostAndPort("127.0.0.1", 6379));

    @AfterEach
    void cleanUp() {
        Set<String> keys = redis.keys(prefix + "*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
        redis.close();
    }

    ConnectorTable table(Map<String, String> extra) throws ConnectorException {
        Map<String, String> options = new HashMap<>(Map.of("address", ADDRESS, "format", "json",
                "target.key_prefix", prefix));
        options.putAll(extra);
        return connector.table(ConnectorHarness.request("redis", COLUMNS, options, null));
    }

    static Object[] row(long id, String name, String tag) {
        return new Object[] {id, name, tag, id * 1_000_000L};
    }

    void write(ConnectorTable table, Object[]... rows) throws Exception {
        Sink sink = connector.createSink(table);
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        try {
            for (Object[] r : rows) {
                sink.write(r);
            }
            assertNull(sink.preCommit(1), "an at-least-once sink keeps nothing for the commit");
        } finally {
            sink.close();
        }
    }

    @Test
    void stringTargetSetsOneKeyPerRow() throws Exception {
        ConnectorTable t = table(Map.of("type", "sink", "target", "string", "target.key_column", "id"));
        assertEquals(Set.of(TableRole.SINK), t.roles());
        write(t, row(1, "ann", "a"), row(2, "bob", "b"), row(1, "ann2", "c"));
        assertEquals("{\"id\":1,\"name\":\"ann2\",\"tag\":\"c\"}", redis.get(prefix + "1"), "the last row of a key wins");
        assertEquals("{\"id\":2,\"name\":\"bob\",\"tag\":\"b\"}", redis.get(prefix + "2"));
        assertEquals(-1, redis.ttl(prefix + "1"), "no TTL unless asked");
    }

    @Test
    void stringTargetWithTtlAndManyRowsAcrossPipelines() throws Exception {
        ConnectorTable t = table(Map.of("type", "sink", "target", "string", "target.key_column", "id",
                "target.ttl_secs", "600"));
        Object[][] rows = new Object[RedisSink.PIPELINE * 2 + 5][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(i, "n" + i, null);
        }
        write(t, rows);
        assertEquals(rows.length, redis.keys(prefix + "*").size());
        assertTrue(redis.ttl(prefix + "7") > 0 && redis.ttl(prefix + "7") <= 600);
        assertEquals("{\"id\":7,\"name\":\"n7\",\"tag\":null}", redis.get(prefix + "7"));
    }

    @Test
    void listTargetAppendsAndTrims() throws Exception {
        ConnectorTable t = table(Map.of("type", "sink", "target", "list", "target.key_column", "tag",
                "target.max_length", "2"));
        write(t, row(1, "a", "x"), row(2, "b", "x"), row(3, "c", "x"), row(4, "d", "y"));
        assertEquals(List.of("{\"id\":2,\"name\":\"b\",\"tag\":\"x\"}", "{\"id\":3,\"name\":\"c\",\"tag\":\"x\"}"),
                redis.lrange(prefix + "x", 0, -1), "the oldest are dropped beyond max_length");
        assertEquals(1, redis.llen(prefix + "y"));
    }

    @Test
    void listTargetPrepends() throws Exception {
        ConnectorTable t = table(Map.of("type", "sink", "target", "list", "target.operation", "prepend",
                "target.max_length", "2"));
        write(t, row(1, "a", "x"), row(2, "b", "x"), row(3, "c", "x"));
        assertEquals(List.of("{\"id\":3,\"name\":\"c\",\"tag\":\"x\"}", "{\"id\":2,\"name\":\"b\",\"tag\":\"x\"}"),
                redis.lrange(prefix, 0, -1), "without a key column every row goes to the prefix itself");
    }

    @Test
    void hashTargetSetsFields() throws Exception {
        ConnectorTable t = table(Map.of("type", "sink", "target", "hash", "target.key_column", "tag",
                "target.field_column", "name"));
        write(t, row(1, "a", "x"), row(2, "b", "x"), row(3, "a", "x"));
        assertEquals(Map.of("a", "{\"id\":3,\"name\":\"a\",\"tag\":\"x\"}", "b", "{\"id\":2,\"name\":\"b\",\"tag\":\"x\"}"),
                redis.hgetAll(prefix + "x"));
    }

    @Test
    void sinkFlushesAtFinish() throws Exception {
        Sink sink = connector.createSink(table(Map.of("type", "sink", "target", "string", "target.key_column", "id")));
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        sink.write(row(5, "e", null));
        sink.finish();
        assertEquals("{\"id\":5,\"name\":\"e\",\"tag\":null}", redis.get(prefix + "5"));
        sink.close();
    }

    @Test
    void sinkErrorsNameTheTable() throws Exception {
        redis.set(prefix + "x", "a string, not a list");
        Sink sink = connector.createSink(table(Map.of("type", "sink", "target", "list", "target.key_column", "tag")));
        sink.open(new SinkCtx(Task.of(0, 1), null), null);
        sink.write(row(1, "a", "x"));
        ConnectorException e = assertThrows(ConnectorException.class, sink::finish);
        assertTrue(e.getMessage().startsWith("Writing to redis table 't'"), e.getMessage());
        assertTrue(e.getMessage().contains("WRONGTYPE"), e.getMessage());
        sink.close();
        Sink nullKey = connector.createSink(table(Map.of("type", "sink", "target", "string", "target.key_column", "tag")));
        nullKey.open(new SinkCtx(Task.of(0, 1), null), null);
        ConnectorException n = assertThrows(ConnectorException.class, () -> nullKey.write(row(1, "a", null)));
        assertEquals("Cannot write to redis table 't': column 'tag' (target.key_column) is NULL", n.getMessage());
        nullKey.close();
        ConnectorException updating = assertThrows(ConnectorException.class, () -> connector
                .createSink(table(Map.of("type", "sink", "target", "string"))).open(new SinkCtx(Task.of(0, 1), null, true), null));
        assertTrue(updating.getMessage().contains("updating"), updating.getMessage());
    }

    LookupSource lookupSource(ConnectorTable t) throws Exception {
        LookupSource source = connector.createLookup(t);
        source.open(new LookupContext() {
            @Override
            public TaskInfo task() {
                return Task.of(0, 1);
            }

            @Override
            public FileAccess files() {
                return null;
            }
        });
        return source;
    }

    @Test
    void lookupReadsRowsByKeyInBatches() throws Exception {
        redis.set(prefix + "1", "{\"id\":1,\"name\":\"ann\",\"tag\":\"a\"}");
        redis.set(prefix + "2", "{\"name\":\"bob\"}");
        ConnectorTable t = table(Map.of("type", "lookup", "lookup.cache.max_bytes", "100000",
                "lookup.cache.ttl", "5 minutes"));
        assertEquals(Set.of(TableRole.LOOKUP), t.roles());
        assertEquals("100000", t.option("lookup.cache.max_bytes"));
        assertEquals("300000ms", t.option("lookup.cache.ttl"), "normalised for the lookup join");
        LookupSource source = lookupSource(t);
        try {
            Object[][] keys = {{1L}, {3L}, {2L}, {"unused"}};
            Object[][] rows = source.lookup(keys, 3);
            assertArrayEquals(new Object[] {1L, "ann", "a"}, rows[0]);
            assertNull(rows[1], "a missing key is no row");
            assertArrayEquals(new Object[] {null, "bob", null}, rows[2], "missing fields are NULL");
            Object[][] many = new Object[600][];
            for (int i = 0; i < many.length; i++) {
                many[i] = new Object[] {i % 3};
            }
            Object[][] found = source.lookup(many, many.length);
            for (int i = 0; i < many.length; i++) {
                assertEquals(i % 3 != 0, found[i] != null, "key " + many[i][0]);
            }
        } finally {
            source.close();
        }
    }

    @Test
    void lookupErrorsNameTheTableAndKey() throws Exception {
        redis.set(prefix + "9", "not json");
        LookupSource source = lookupSource(table(Map.of("type", "lookup")));
        try {
            ConnectorException e = assertThrows(ConnectorException.class, () -> source.lookup(new Object[][] {{9L}}, 1));
            assertTrue(e.getMessage().startsWith("The value of key '" + prefix + "9' in redis lookup table 't' cannot be read"),
                    e.getMessage());
            ConnectorException two = assertThrows(ConnectorException.class,
                    () -> source.lookup(new Object[][] {{1L, 2L}}, 1));
            assertTrue(two.getMessage().contains("one key column"), two.getMessage());
        } finally {
            source.close();
        }
        ConnectorException sink = assertThrows(ConnectorException.class,
                () -> connector.createSink(table(Map.of("type", "lookup"))));
        assertTrue(sink.getMessage().contains("lookup table"));
        ConnectorException lookup = assertThrows(ConnectorException.class,
                () -> connector.createLookup(table(Map.of("type", "sink", "target", "string"))));
        assertTrue(lookup.getMessage().contains("type = 'lookup'"));
    }

    @Test
    void badOptionsAreRefusedWithTheirNames() {
        assertEquals("Missing required option 'type' for connector 'redis': 'sink' or 'lookup'",
                assertThrows(ConnectorException.class, () -> table(Map.of())).getMessage());
        assertEquals("Missing required option 'target' for redis sink table 't': one of string, list, hash",
                assertThrows(ConnectorException.class, () -> table(Map.of("type", "sink"))).getMessage());
        String unknown = assertThrows(ConnectorException.class,
                () -> table(Map.of("type", "sink", "target", "string", "target.key_columns", "id"))).getMessage();
        assertTrue(unknown.startsWith("Unsupported options found for connector 'redis'. Unsupported: target.key_columns."
                + " Supported: "), unknown);
        assertTrue(unknown.contains("target.key_column,") && unknown.contains("lookup.cache.ttl"), unknown);
        assertEquals("Missing required option 'target.field_column' for redis sink table 't' with target = 'hash'",
                assertThrows(ConnectorException.class, () -> table(Map.of("type", "sink", "target", "hash"))).getMessage());
        assertEquals("Option 'target.max_length' of connector 'redis' is for target = 'list', not 'string'",
                assertThrows(ConnectorException.class,
                        () -> table(Map.of("type", "sink", "target", "string", "target.max_length", "3"))).getMessage());
        assertTrue(assertThrows(ConnectorException.class,
                () -> table(Map.of("type", "sink", "target", "string", "target.key_column", "nope"))).getMessage()
                .contains("has no column 'nope'"));
        assertEquals("Invalid value 'soon' for option 'lookup.cache.ttl' of connector 'redis': expected a duration such"
                + " as 500ms, 30s, 5 minutes or 1h", assertThrows(ConnectorException.class,
                        () -> table(Map.of("type", "lookup", "lookup.cache.ttl", "soon"))).getMessage());
        assertTrue(assertThrows(ConnectorException.class,
                () -> table(Map.of("type", "lookup", "target", "string"))).getMessage().contains("is for sinks"));
        assertTrue(assertThrows(ConnectorException.class,
                () -> table(Map.of("type", "sink", "target", "string", "lookup.cache.ttl", "1s"))).getMessage()
                .contains("is for lookup tables"));
        assertTrue(assertThrows(ConnectorException.class,
                () -> table(Map.of("type", "lookup", "format", "debezium_json"))).getMessage().contains("Supported formats: json"));
        assertTrue(assertThrows(ConnectorException.class,
                () -> table(Map.of("type", "lookup", "connection_type", "cluster"))).getMessage()
                .contains("'address' of connector 'redis' is for connection_type = 'standalone'"));
        assertEquals("Invalid value 'http://x' for option 'address' of connector 'redis': expected an address such as"
                + " redis://localhost:6379 (rediss:// for TLS, /N for database N); give the credentials in 'username' and"
                + " 'password'", assertThrows(ConnectorException.class,
                        () -> table(Map.of("type", "lookup", "address", "http://x"))).getMessage());
    }

    @Test
    void passwordsAreNeverShown() throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        String inAddress = assertThrows(ConnectorException.class,
                () -> table(Map.of("type", "lookup", "address", "redis://u:" + secret + "@127.0.0.1:6379"))).getMessage();
        assertFalse(inAddress.contains(secret), inAddress);
        ConnectorTable t = table(Map.of("type", "lookup", "username", "nobody", "password", secret));
        RedisConfig config = RedisConfig.of(t.options());
        assertFalse(config.toString().contains(secret), config.toString());
        LookupSource source = connector.createLookup(t);
        Exception e = assertThrows(Exception.class, () -> {
            source.open(null);
            source.lookup(new Object[][] {{1L}}, 1);
        });
        source.close();
        assertFalse(String.valueOf(e.getMessage()).contains(secret), e.getMessage());
    }

    @Test
    void connectionTest() {
        assertTrue(connector.test(Map.of("address", ADDRESS), Map.of()).ok());
        assertTrue(connector.test(Map.of(), Map.of("type", "sink", "address", ADDRESS, "target", "list")).ok());
        assertFalse(connector.test(Map.of(), Map.of("type", "sink", "address", "redis://127.0.0.1:1")).ok());
    }

    @Test
    void metadataDescribesTheOptions() {
        assertEquals("redis", connector.metadata().id());
        assertTrue(connector.metadata().sink() && connector.metadata().lookup() && !connector.metadata().source());
        for (String key : List.of("connection_type", "address", "cluster.addresses", "username", "password", "target",
                "target.key_prefix", "target.key_column", "target.field_column", "target.max_length", "target.operation",
                "target.ttl_secs", "lookup.cache.max_bytes", "lookup.cache.ttl", "format")) {
            assertTrue(connector.metadata().tableConfig().contains("\"" + key + "\""), key);
        }
    }
}
