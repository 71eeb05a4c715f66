package org.wadi.connector.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Option validation of the kafka and confluent connectors; no broker needed. */
class KafkaConnectorTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8));

    final KafkaConnector kafka = new KafkaConnector();

    static Map<String, String> source(String... extra) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("bootstrap_servers", "localhost:9092", "topic", "t",
                "type", "source", "format", "json"));
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return m;
    }

    ConnectorTable table(Schema columns, Map<String, String> options, Map<String, String> metadata)
            throws ConnectorException {
        return kafka.table(new TableRequest("t", columns, new Options("kafka", options), null, List.of(), metadata));
    }

    String error(Map<String, String> options) {
        return assertThrows(ConnectorException.class, () -> table(COLUMNS, options, Map.of())).getMessage();
    }

    @Test
    void aSourceIsResolvedWithDefaults() throws Exception {
        ConnectorTable t = table(COLUMNS, source(), Map.of());
        assertEquals("latest", t.option("source.offset"));
        assertEquals("read_uncommitted", t.option("source.read_mode"));
        assertEquals("json", t.option("format"));
        assertEquals("none", t.option("auth.type"));
        assertEquals(COLUMNS, t.schema());
        KafkaTableConfig again = KafkaTableConfig.of(t.options());
        assertEquals("t", again.topic());
        assertTrue(again.source());
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("Missing required option 'topic' for connector 'kafka'",
                error(Map.of("bootstrap_servers", "localhost:9092", "type", "source", "format", "json")));
        assertTrue(error(source("type", "both")).contains("'type'"), error(source("type", "both")));
        assertEquals("Invalid value 'newest' for option 'source.offset' of connector 'kafka': expected one of earliest,"
                + " latest, group", error(source("source.offset", "newest")));
        assertTrue(error(source("bootstrap_servers", "localhost")).contains("expected host:port"));
        assertTrue(error(source("sink.commit_mode", "exactly_once")).contains("is for sinks"));
        assertTrue(error(source("auth.type", "sasl")).contains("Missing required option 'auth.mechanism'"));
        assertTrue(error(source("auth.username", "u")).contains("needs auth.type = 'sasl'"));
        assertTrue(error(source("client_configs", "linger.ms")).contains("key=value"));
        assertTrue(error(source("client_configs", "group.id=x")).contains("may not set 'group.id'"));
        String format = error(source("format", "csv"));
        assertTrue(format.startsWith("Unsupported format 'csv' for connector 'kafka'. Supported formats: json, "
                + "debezium_json, avro, protobuf, raw_string, raw_bytes"), format);
        assertTrue(error(source("format", "avro", "json.include_schema", "true")).contains("'json.include_schema'"));
        assertTrue(error(source("format", "protobuf")).startsWith("Missing required option 'protobuf."),
                error(source("format", "protobuf")));
        assertTrue(error(source("framing", "lines")).contains("expected newline"));
        assertTrue(error(source("type", "sink", "framing", "newline")).contains("is for sources"));
        assertTrue(error(source("type", "sink", "format", "avro", "avro.confluent_schema_registry", "true"))
                .contains("needs schema_registry.endpoint"));
        String unknown = error(source("startup_mode", "x"));
        assertTrue(unknown.startsWith("Unsupported options found for connector 'kafka'. Unsupported: startup_mode."
                + " Supported: "), unknown);
        assertTrue(unknown.contains("source.offset") && unknown.contains("bootstrap_servers"), unknown);
    }

    @Test
    void sinkColumnsAreChecked() {
        Map<String, String> sink = new HashMap<>(source("type", "sink", "sink.key_field", "nope"));
        assertTrue(error(sink).contains("names column 'nope'"), error(sink));
        sink.put("sink.key_field", "id");
        sink.put("sink.timestamp_field", "name");
        assertTrue(error(sink).contains("TIMESTAMP or a BIGINT"), error(sink));
    }

    @Test
    void metadataKeysAreCheckedAndRecorded() throws Exception {
        Schema withMeta = Schema.of(Field.of("id", DataType.INT64), Field.of("off", DataType.INT64),
                Field.of("part", DataType.INT32), Field.of("k", DataType.UTF8));
        ConnectorTable t = table(withMeta, source(), Map.of("off", "offset_id", "part", "partition", "k", "key"));
        assertEquals("offset_id", t.option("metadata.off"));
        assertEquals("key", t.option("metadata.k"));
        assertEquals(Schema.of(Field.of("id", DataType.INT64)),
                MetadataColumns.of(t.options(), withMeta).valueColumns(withMeta));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> table(withMeta, source(), Map.of("off", "headers")));
        assertEquals("Unknown metadata key 'headers' for column 'off' of kafka table 't'. Supported keys: offset_id, "
                + "partition, topic, timestamp, key", e.getMessage());
        e = assertThrows(ConnectorException.class, () -> table(withMeta, source(), Map.of("k", "partition")));
        assertTrue(e.getMessage().contains("cannot hold metadata key 'partition'"), e.getMessage());
        e = assertThrows(ConnectorException.class,
                () -> table(withMeta, source("type", "sink"), Map.of("off", "offset_id")));
        assertTrue(e.getMessage().contains("metadata columns (off) are for sources"), e.getMessage());
    }

    @Test
    void rawFormatsNeedOneValueColumn() throws Exception {
        Schema raw = Schema.of(Field.of("value", DataType.UTF8));
        assertEquals("raw_string", table(raw, source("format", "raw_string"), Map.of()).option("format"));
        assertTrue(error(source("format", "raw_string")).contains("exactly one column"));
    }

    @Test
    void confluentMapsKeyAndSecretToSaslPlainOverSsl() throws Exception {
        ConfluentConnector confluent = new ConfluentConnector();
        Map<String, String> options = source("key", "APIKEY", "secret", "s3cr\"et");
        ConnectorTable t = confluent.table(new TableRequest("t", COLUMNS, new Options("confluent", options), null));
        assertEquals("confluent", t.connector());
        assertEquals("SASL_SSL", t.option("auth.protocol"));
        assertEquals("PLAIN", t.option("auth.mechanism"));
        assertEquals("APIKEY", t.option("auth.username"));
        Map<String, Object> common = new KafkaClients(KafkaTableConfig.of(t.options())).common("c");
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"APIKEY\" "
                + "password=\"s3cr\\\"et\";", common.get("sasl.jaas.config"));
        ConnectorException e = assertThrows(ConnectorException.class, () -> confluent.table(new TableRequest("t",
                COLUMNS, new Options("confluent", source("key", "k")), null)));
        assertTrue(e.getMessage().startsWith("Missing required option 'secret' for connector 'confluent'"));
        assertTrue(KafkaTableConfig.of(t.options()).toString().contains("APIKEY")
                && !KafkaTableConfig.of(t.options()).toString().contains("s3cr"), "no secret in messages");
    }
}
