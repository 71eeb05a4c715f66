package org.wadi.formats.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** The table plumbing of JSON-payload connectors. */
class JsonTablesTest {

    private static final JsonTables TABLES = new JsonTables("demo");
    private static final Schema COLUMNS = Schema.of(new Field("id", DataType.INT64, false),
            new Field("name", DataType.UTF8, true));

    private static TableRequest request(Map<String, String> options) {
        return ConnectorHarness.request("demo", COLUMNS, options, null);
    }

    @Test
    void aSourceRecordsTheConnectorsOptionsTheFormatsAndBadData() throws Exception {
        TableRequest request = request(Map.of("topic", "x", "format", "json", "bad_data", "drop"));
        String topic = request.options().required("topic");
        ConnectorTable table = TABLES.declare(request, true, m -> m.put("topic", topic));
        assertEquals("demo", table.connector());
        assertEquals(Set.of(TableRole.SOURCE), table.roles());
        assertEquals(COLUMNS, table.schema());
        assertEquals("x", table.options().get("topic"));
        assertEquals("json", table.options().get("format"));
        assertEquals("drop", table.options().get("bad_data"));
        assertEquals("drop", TABLES.badData(table).option());
        List<Object[]> rows = new ArrayList<>();
        TABLES.decoder(table).decode("{\"id\": 7, \"name\": \"a\"}", 5, "m", row -> rows.add(row));
        assertEquals(7L, rows.get(0)[0]);
    }

    @Test
    void aSinkHasNoBadData() throws Exception {
        ConnectorTable table = TABLES.declare(request(Map.of("format", "json")), false, m -> { });
        assertEquals(Set.of(TableRole.SINK), table.roles());
        assertTrue(!table.options().containsKey("bad_data"), table.options().toString());
        TABLES.requireSink(table, false);
        ConnectorException e = assertThrows(ConnectorException.class, () -> TABLES.requireSource(table, false));
        assertEquals("demo table 't' is a sink (type = 'sink'); it cannot be read", e.getMessage());
        e = assertThrows(ConnectorException.class, () -> TABLES.requireSink(table, true));
        assertEquals("demo table 't' is a source (type = 'source'); it cannot be written", e.getMessage());
    }

    @Test
    void unknownOptionsMetadataAndMissingColumnsAreRefused() {
        ConnectorException unknown = assertThrows(ConnectorException.class,
                () -> TABLES.declare(request(Map.of("format", "json", "nope", "1")), true, m -> { }));
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
        TableRequest withMetadata = new TableRequest("t", COLUMNS, new Options("demo", Map.of("format", "json")), null,
                List.of(), Map.of("name", "topic"));
        ConnectorException metadata = assertThrows(ConnectorException.class,
                () -> TABLES.declare(withMetadata, true, m -> { }));
        assertEquals("demo table 't': column 'name' asks for metadata key 'topic', but connector 'demo' has no"
                + " metadata keys", metadata.getMessage());
        ConnectorException columns = assertThrows(ConnectorException.class,
                () -> TABLES.declare(ConnectorHarness.request("demo", Map.of("format", "json")), true, m -> { }));
        assertEquals("demo table 't' needs its columns declared: CREATE TABLE t (col TYPE, …) WITH (…)",
                columns.getMessage());
    }

    @Test
    void resourcesComeFromTheOwnersPackage() {
        assertTrue(TABLES.resource(JsonTablesTest.class, "JsonTablesTest.class").length() > 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TABLES.resource(JsonTablesTest.class, "table.json"));
        assertEquals("resource table.json is missing from the demo bundle", e.getMessage());
    }
}
