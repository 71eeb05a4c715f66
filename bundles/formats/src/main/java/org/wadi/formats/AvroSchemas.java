package org.wadi.formats;

import org.wadi.formats.internal.AvroSchemaMapping;
import org.wadi.spi.types.Schema;

/**
 * The Avro schema Wadi writes for a table's columns, as Arroyo derives it: a record {@code
 * ArroyoAvro} with one field per column (names sanitized to {@code [A-Za-z0-9_]}), nullable
 * columns as {@code ["null", type]} unions, TIMESTAMP as {@code timestamp-millis} or {@code
 * timestamp-micros}, DATE as {@code date}, DECIMAL as {@code bytes} with the {@code decimal}
 * logical type, structs as nested records, lists as arrays. Connectors register this text with a
 * Schema Registry before writing Confluent-framed datums.
 */
public final class AvroSchemas {

    private AvroSchemas() {
    }

    /** The Avro schema (JSON text) of rows of {@code columns} ({@code _timestamp} and {@code _op} left out). */
    public static String of(Schema columns) {
        return AvroSchemaMapping.toAvro(columns.visible()).toString();
    }
}
