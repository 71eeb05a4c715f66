package org.wadi.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Option validation of both connectors, their metadata, and their connection tests. */
class PostgresConnectorsTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    static ConnectorTable cdc(String... options) throws ConnectorException {
        return table(new PostgresCdcConnector(), "postgres_cdc", List.of("id"), options);
    }

    static ConnectorTable jdbc(String... options) throws ConnectorException {
        return table(new JdbcConnector(), "jdbc", List.of("id"), options);
    }

    static ConnectorTable table(Connector c, String name, List<String> key, String... options)
            throws ConnectorException {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            m.put(options[i], options[i + 1]);
        }
        return c.table(new TableRequest("t", COLUMNS, new Options(name, m), null, key));
    }

    static String error(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ConnectorException.class, e).getMessage();
    }

    @Test
    void cdcOptionsAreNormalisedAndMarkTheTableAsAChangelog() throws Exception {
        ConnectorTable t = cdc("hostname", "db.local", "database", "shop", "username", "u", "password", "secret",
                "table", "items", "slot.name", "s1");
        assertEquals("jdbc:postgresql://db.local:5432/shop", t.option("url"));
        assertEquals("public", t.option("schema"));
        assertEquals("wadi_s1", t.option("publication.name"));
        assertEquals("initial", t.option("snapshot.mode"));
        assertEquals("debezium_json", t.option("format"), "the planner reads it as updating");
        assertEquals(java.util.Set.of(TableRole.SOURCE), t.roles());
        assertFalse(CdcConfig.of(t.options()).toString().contains("secret"), "the password is never shown");
        assertEquals(t.options(), cdc(t.options().entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new)).options(),
                "the normalised options resolve to themselves");
    }

    @Test
    void badCdcOptionsAreNamed() {
        assertEquals("Missing required option 'hostname' (or 'url') for connector 'postgres_cdc'",
                error(() -> cdc("table", "t", "slot.name", "s")));
        assertEquals("Missing required option 'slot.name' for connector 'postgres_cdc'",
                error(() -> cdc("url", "jdbc:postgresql://h/db", "table", "t")));
        assertTrue(error(() -> cdc("url", "jdbc:postgresql://h/db", "hostname", "h", "table", "t", "slot.name", "s"))
                .startsWith("Option 'hostname' of connector 'postgres_cdc' cannot be given with 'url'"));
        assertTrue(error(() -> cdc("url", "jdbc:mysql://h/db", "table", "t", "slot.name", "s"))
                .startsWith("Invalid value 'jdbc:mysql://h/db' for option 'url' of connector 'postgres_cdc'"));
        assertTrue(error(() -> cdc("url", "jdbc:postgresql://h/db", "table", "t", "slot.name", "My-Slot"))
                .startsWith("Invalid value 'My-Slot' for option 'slot.name'"));
        assertEquals("Invalid value 'sometimes' for option 'snapshot.mode' of connector 'postgres_cdc': expected one"
                + " of initial, never", error(() -> cdc("url", "jdbc:postgresql://h/db", "table", "t", "slot.name", "s",
                        "snapshot.mode", "sometimes")));
        assertEquals("Unsupported options found for connector 'postgres_cdc'. Unsupported: slot_name. Supported:"
                + " database, format, hostname, password, port, publication.name, schema, slot.name, snapshot.mode, table,"
                + " type, url, username", error(() -> cdc("url", "jdbc:postgresql://h/db", "table", "t",
                        "slot.name", "s", "slot_name", "s")));
        assertTrue(error(() -> cdc("url", "jdbc:postgresql://h/db?password=hunter2", "table", "t", "slot.name", "s",
                "port", "1")).contains("cannot be given with 'url'"));
        assertFalse(error(() -> cdc("url", "jdbc:other://h/db?password=hunter2", "table", "t", "slot.name", "s"))
                .contains("hunter2"), "a password in a URL is never shown");
    }

    @Test
    void jdbcOptions() throws Exception {
        ConnectorTable sink = jdbc("url", "jdbc:postgresql://h/db", "table", "app.counts");
        assertEquals("sink", sink.option("type"));
        assertEquals("1000", sink.option("sink.batch_size"));
        assertEquals("at_least_once", sink.option("sink.commit_mode"));
        assertEquals("id", sink.option("primary_key"));
        assertEquals("\"app\".\"counts\"", JdbcConfig.of(without(sink.options(), "primary_key")).qualifiedTable());
        ConnectorTable lookup = jdbc("url", "jdbc:postgresql://h/db", "table", "users", "type", "lookup",
                "lookup.cache.ttl", "5 minutes", "lookup.cache.max_bytes", "1000");
        assertEquals(java.util.Set.of(TableRole.LOOKUP), lookup.roles());
        assertEquals("300000ms", lookup.option("lookup.cache.ttl"), "normalised for the engine's lookup join");
    }

    static Map<String, String> without(Map<String, String> m, String key) {
        Map<String, String> copy = new HashMap<>(m);
        copy.remove(key);
        return copy;
    }

    @Test
    void badJdbcOptionsAreNamed() {
        assertEquals("Missing required option 'url' for connector 'jdbc'", error(() -> jdbc("table", "t")));
        assertEquals("Missing required option 'table' for connector 'jdbc'",
                error(() -> jdbc("url", "jdbc:postgresql://h/db")));
        assertEquals("Invalid value 'a.b.c' for option 'table' of connector 'jdbc': expected a table name, optionally"
                + " with its schema (schema.table)", error(() -> jdbc("url", "jdbc:postgresql://h/db", "table", "a.b.c")));
        assertEquals("Invalid value '0' for option 'sink.batch_size' of connector 'jdbc': expected a whole number of"
                + " rows, 1 to 1000000", error(() -> jdbc("url", "jdbc:postgresql://h/db", "table", "t",
                        "sink.batch_size", "0")));
        assertEquals("Invalid value 'twice' for option 'sink.commit_mode' of connector 'jdbc': expected one of"
                + " at_least_once, exactly_once", error(() -> jdbc("url", "jdbc:postgresql://h/db", "table", "t",
                        "sink.commit_mode", "twice")));
        assertEquals("Option 'lookup.cache.ttl' of connector 'jdbc' is for lookup tables (type = 'lookup'), not sinks",
                error(() -> jdbc("url", "jdbc:postgresql://h/db", "table", "t", "lookup.cache.ttl", "1s")));
        assertEquals("Option 'sink.batch_size' of connector 'jdbc' is for sinks (type = 'sink'), not lookup tables",
                error(() -> jdbc("url", "jdbc:postgresql://h/db", "table", "t", "type", "lookup",
                        "sink.batch_size", "5")));
        assertEquals("Invalid value 'soon' for option 'lookup.cache.ttl' of connector 'jdbc': expected a duration"
                + " such as 500ms, 30s, 5 minutes or 1h", error(() -> jdbc("url", "jdbc:postgresql://h/db", "table",
                        "t", "type", "lookup", "lookup.cache.ttl", "soon")));
        assertEquals("Unsupported options found for connector 'jdbc'. Unsupported: table-name. Supported: "
                + "lookup.cache.max_bytes, lookup.cache.ttl, password, sink.batch_size, sink.commit_mode, table, type,"
                + " url, username", error(() -> jdbc("url", "jdbc:postgresql://h/db", "table", "t", "table-name", "x")));
        assertTrue(error(() -> table(new JdbcConnector(), "jdbc", List.of("id", "name"), "url",
                "jdbc:postgresql://h/db", "table", "t", "type", "lookup")).contains("is looked up by one key column"));
    }

    @Test
    void metadataSchemasAreJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Connector c : List.of(new PostgresCdcConnector(), new JdbcConnector())) {
            var schema = json.readTree(c.metadata().tableConfig());
            assertEquals("object", schema.get("type").asText());
            assertTrue(schema.get("properties").has("url"), c.metadata().id());
        }
        assertTrue(new PostgresCdcConnector().metadata().source());
        assertTrue(new JdbcConnector().metadata().sink() && new JdbcConnector().metadata().lookup());
    }

    @Test
    void connectionTests() {
        TestResult logical = new PostgresCdcConnector().test(Map.of("url", TestDatabase.url(), "username", "postgres"),
                Map.of());
        assertTrue(logical.ok(), logical.message());
        TestResult jdbc = new JdbcConnector().test(Map.of("url", TestDatabase.url(), "username", "postgres"), Map.of());
        assertTrue(jdbc.ok() && jdbc.message().contains("PostgreSQL"), jdbc.message());
        TestResult refused = new JdbcConnector().test(Map.of("url", "jdbc:postgresql://127.0.0.1:1/x"), Map.of());
        assertFalse(refused.ok());
        assertTrue(refused.message().startsWith("could not connect to jdbc:postgresql://127.0.0.1:1/x"),
                refused.message());
    }
}
