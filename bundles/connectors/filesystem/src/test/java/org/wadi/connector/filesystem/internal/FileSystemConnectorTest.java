package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.formats.testing.ConnectorHarness;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

class FileSystemConnectorTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("kind", DataType.UTF8),
            Field.of("tags", DataType.list(DataType.UTF8)));

    @TempDir
    Path dir;

    private final FileSystemConnector connector = new FileSystemConnector();

    private FileAccess files() {
        return ConnectorHarness.confinedTo(dir);
    }

    private ConnectorTable table(Map<String, String> extra) throws ConnectorException {
        Map<String, String> options = new HashMap<>(Map.of("path", "out", "type", "sink", "format", "json"));
        options.putAll(extra);
        options.values().removeIf(v -> v == null || v.equals("<none>"));
        return connector.table(ConnectorHarness.request("filesystem", COLUMNS, options, files()));
    }

    private String error(Map<String, String> extra) {
        return assertThrows(ConnectorException.class, () -> table(extra)).getMessage();
    }

    @Test
    void metadataSaysWhatItCanDo() {
        assertEquals("filesystem", connector.metadata().id());
        assertTrue(connector.metadata().sink());
        assertTrue(connector.metadata().source());
        assertTrue(connector.metadata().tableConfig().contains("rolling_policy.file_size"));
    }

    @Test
    void aMinimalSinkGetsArroyosDefaults() throws Exception {
        ConnectorTable t = table(Map.of());
        assertEquals(Set.of(TableRole.SINK), t.roles());
        assertFalse(t.bounded());
        assertEquals("sink", t.option("type"));
        assertEquals("json", t.option("filename.suffix"));
        assertEquals("uuid", t.option("filename.strategy"));
        assertEquals("rfc3339", t.option("json.timestamp_format"));
        assertEquals(COLUMNS, t.schema());
    }

    @Test
    void optionsAreNormalisedAndReadBackByTheSink() throws Exception {
        ConnectorTable t = table(Map.of("path", "file://" + dir.resolve("out"), "rolling_policy.file_size", "128MB",
                "rolling_policy.interval", "INTERVAL '5 minutes'", "rolling_policy.inactivity_interval", "30",
                "filename.prefix", "events", "filename.strategy", "serial",
                "partitioning.time_pattern", "%Y/%m/%d", "partitioning.fields", "[kind, 'id']",
                "multipart.target_part_size", "8MB", "shuffle_by_partition.enabled", "false"));
        assertEquals(Long.toString(128L << 20), t.option("rolling_policy.file_size"));
        assertEquals("300000ms", t.option("rolling_policy.interval"));
        assertEquals("30000ms", t.option("rolling_policy.inactivity_interval"));
        assertEquals("kind,id", t.option("partitioning.fields"));
        assertEquals(Long.toString(8L << 20), t.option("multipart.target_part_size"));
        // the plan's options go through the same validation when a worker creates the sink
        assertTrue(connector.createSink(t) instanceof FileSystemSink);
    }

    @Test
    void unknownOptionsAreListedWithTheSupportedOnes() {
        String unknown = error(Map.of("compression", "gzip"));
        assertTrue(unknown.startsWith("Unsupported options found for connector 'filesystem'. Unsupported: compression. "
                + "Supported: filename.prefix, filename.strategy, filename.suffix, format, "), unknown);
        assertTrue(unknown.contains(" multipart.max_parts, multipart.target_part_size, partitioning.fields, "
                + "partitioning.time_pattern, path, rolling_policy.file_size, rolling_policy.inactivity_interval, "
                + "rolling_policy.interval, rolling_policy.watermark, shuffle_by_partition.enabled, type"), unknown);
        // Arroyo's older spelling is not silently accepted
        assertTrue(error(Map.of("file_naming.prefix", "x")).contains("Unsupported: file_naming.prefix"));
    }

    @Test
    void otherSchemesParquetAndStorageOptionsAreRefused() throws Exception {
        assertEquals(Set.of(TableRole.SINK), table(Map.of("path", "s3://bucket/out")).roles());
        assertEquals("Path 'gs://b/x' of connector 'filesystem' uses the 'gs' scheme, which is not supported: use a "
                + "local path, file:///… or s3://bucket/prefix", error(Map.of("path", "gs://b/x")));
        assertTrue(error(Map.of("path", "s3:///x")).contains("expected s3://bucket or s3://bucket/prefix"));
        assertEquals("Column 'tags' has type TEXT[], which format = 'parquet' of connector 'filesystem' cannot "
                + "write yet; cast it to TEXT (e.g. as JSON) or leave it out", error(Map.of("format", "parquet")));
        String avro = error(Map.of("format", "avro"));
        assertTrue(avro.startsWith("Unsupported format 'avro' for connector 'filesystem'. Supported formats: json, "
                + "debezium_json") && avro.endsWith(", parquet"), avro);
        assertTrue(error(Map.of("type", "source", "filename.prefix", "x")).contains("Unsupported: filename.prefix"));
        assertTrue(error(Map.of("type", "both")).contains("expected one of source, sink"));
        assertTrue(error(Map.of("storage.aws_region", "eu-west-1")).contains("storage service's S3 settings"));
        assertTrue(error(Map.of("storage_options.aws_region", "eu-west-1")).contains("org.wadi.storage"));
        assertTrue(error(Map.of("multipart.target_part_size", "1MB")).contains("5MB"));
        assertTrue(error(Map.of("shuffle_by_partition.enabled", "true")).contains("not supported yet"));
    }

    @Test
    void missingAndBadValuesNameTheOptionAndTheValidChoices() {
        assertEquals("Missing required option 'path' for connector 'filesystem'", error(Map.of("path", "<none>")));
        assertEquals("Missing required option 'format' for connector 'filesystem'", error(Map.of("format", "<none>")));
        assertEquals("Invalid value 'huge' for option 'rolling_policy.file_size' of connector 'filesystem': "
                + "expected a size in bytes, optionally with a unit (e.g. 134217728, 128MB, 1GB)",
                error(Map.of("rolling_policy.file_size", "huge")));
        assertTrue(error(Map.of("rolling_policy.file_size", "12 parsecs")).contains("one of the units"));
        assertTrue(error(Map.of("rolling_policy.interval", "soon")).contains("'rolling_policy.interval'"));
        assertEquals("Invalid value 'random' for option 'filename.strategy' of connector 'filesystem': expected one "
                + "of serial, uuid, uuid_v7, ulid", error(Map.of("filename.strategy", "random")));
        assertTrue(error(Map.of("filename.prefix", "../up")).contains("'filename.prefix'"));
        String pattern = error(Map.of("partitioning.time_pattern", "%F/%H%M%S%L"));
        assertTrue(pattern.contains("unsupported specifier '%L'"), pattern);
        assertTrue(error(Map.of("partitioning.time_pattern", "../%Y")).contains("'..' folder"));
        assertEquals("Partition field 'region' of connector 'filesystem' (option 'partitioning.fields') is not a "
                + "column of the table. Columns: id, kind, tags", error(Map.of("partitioning.fields", "kind,region")));
        assertTrue(error(Map.of("partitioning.fields", "tags")).contains("cannot name a folder"));
        assertTrue(error(Map.of("multipart.target_part_size", "1MB")).contains("from 5242880 bytes (5MB) to 5GB"));
        assertTrue(error(Map.of("multipart.max_parts", "0")).contains("above 0"));
        assertTrue(error(Map.of("json.timestamp_format", "iso")).contains("rfc3339, unix_millis"));
    }

    @Test
    void foldersOutsideTheFileRootsAreRefused() {
        String outside = error(Map.of("path", "/etc/wadi-out"));
        assertTrue(outside.contains("/etc/wadi-out") && outside.contains("outside"), outside);
        assertTrue(error(Map.of("path", "../escape")).contains("outside"));
    }

    @Test
    void aSinkTableCannotBeRead() throws Exception {
        ConnectorException e = assertThrows(ConnectorException.class, () -> connector.createSource(table(Map.of())));
        assertTrue(e.getMessage().contains("is a sink (type = 'sink')"), e.getMessage());
    }

    @Test
    void partitionFieldsAreCheckedWhenTheSinkIsCreatedIfColumnsWereNotDeclared() throws Exception {
        ConnectorTable t = connector.table(ConnectorHarness.request("filesystem", Schema.of(),
                Map.of("path", "out", "type", "sink", "format", "json", "partitioning.fields", "kind"), files()));
        ConnectorException e = assertThrows(ConnectorException.class, () -> connector.createSink(t));
        assertTrue(e.getMessage().contains("'kind'"), e.getMessage());
    }

    @Test
    void sizesAndDurationsReadAsArroyoWritesThem() {
        assertEquals(1024, OptionValues.dataSize("1024"));
        assertEquals(128L << 20, OptionValues.dataSize("128MB"));
        assertEquals(1L << 30, OptionValues.dataSize("1g"));
        assertEquals(30_000_000_000L, OptionValues.durationNanos("30"));
        assertEquals(30_000_000_000L, OptionValues.durationNanos("30 seconds"));
        assertEquals(5_400_000_000_000L, OptionValues.durationNanos("1 hour 30 minutes"));
        assertEquals(5_400_000_000_000L, OptionValues.durationNanos("INTERVAL '90' MINUTE"));
        assertEquals(1_500_000_000L, OptionValues.durationNanos("1500ms"));
        assertEquals(2L * 86_400_000_000_000L, OptionValues.durationNanos("2 days"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.durationNanos("-5 s"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.dataSize("1.5GB"));
    }
}
