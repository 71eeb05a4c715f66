package org.wadi.connector.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.wadi.formats.DebeziumJsonDecoder;
import org.wadi.formats.JsonRowDecoder;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * Turns a record into rows: its value decoded into the value columns, its metadata into the
 * metadata columns, its timestamp into the event time. {@code debezium_json} values give a
 * changelog (the columns, {@code _op}, {@code _timestamp}). Not thread-safe.
 */
final class ValueDecoder {

    private final String table;
    private final MetadataColumns metadata;
    private final ValueFormat format;
    private final int columns;
    /** Where each value column goes in the row. */
    private final int[] targets;
    private final JsonRowDecoder json;
    private final DebeziumJsonDecoder changes;
    private final DebeziumJsonDecoder.Changes emit = this::emit;
    private ConsumerRecord<byte[], byte[]> record;
    private Collector out;

    ValueDecoder(String table, Schema columns, MetadataColumns metadata, ValueFormat format) {
        this.table = table;
        this.metadata = metadata;
        this.format = format;
        this.columns = columns.size();
        Schema values = metadata.valueColumns(columns);
        this.targets = new int[values.size()];
        for (int i = 0, j = 0; i < columns.size(); i++) {
            if (!metadata.contains(i)) {
                targets[j++] = i;
            }
        }
        this.json = format.raw() || format.debezium() ? null : new JsonRowDecoder(values);
        this.changes = format.debezium() ? new DebeziumJsonDecoder(values) : null;
    }

    /** Decodes one record (with a value) and emits its rows. */
    void decode(ConsumerRecord<byte[], byte[]> record, Collector out) throws ConnectorException {
        byte[] bytes = record.value();
        if (format.raw()) {
            Object v = format.name().equals(ValueFormat.RAW_STRING) ? new String(bytes, StandardCharsets.UTF_8) : bytes;
            emit(record, out, new Object[] {v}, -1);
            return;
        }
        int start = 0;
        if (format.confluentFraming()) {
            if (bytes.length < 5 || bytes[0] != 0) {
                throw new ConnectorException("value is not in Confluent's wire format (a zero byte and a 4-byte schema id"
                        + " before the JSON); is json.confluent_schema_registry = true right for this topic?");
            }
            start = 5;
        }
        String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        if (changes != null) {
            this.record = record;
            this.out = out;
            changes.decode(text, -1, emit);
        } else {
            emit(record, out, json.decode(text), -1);
        }
    }

    private void emit(int kind, Object[] values) {
        emit(record, out, values, kind);
    }

    /** Emits a row: the columns, then {@code _op} if {@code kind >= 0}, then the event time. */
    private void emit(ConsumerRecord<byte[], byte[]> record, Collector out, Object[] values, int kind) {
        Object[] row = new Object[columns + (kind >= 0 ? 2 : 1)];
        for (int i = 0; i < values.length; i++) {
            row[targets[i]] = values[i];
        }
        metadata.fill(row, record);
        if (kind >= 0) {
            row[columns] = RowKind.of(kind);
        }
        row[row.length - 1] = Math.max(0, record.timestamp()) * 1_000_000L;
        out.collect(row);
    }

    @Override
    public String toString() {
        return "decoder of kafka table '" + table + "' " + Arrays.toString(targets);
    }
}
